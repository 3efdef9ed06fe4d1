package io.automove.model;

import java.util.Set;

public record Member(String firmId, String userId, Role role, Set<Right> rights) {
    public Member {
        Check.id(firmId, "firmId");
        Check.id(userId, "userId");
        if (role == null) throw DomainException.invalid("INVALID_ROLE", "role must be one of OWNER, ADMIN, EMPLOYEE");
        rights = rights == null ? Set.of() : Set.copyOf(rights);
    }

    public boolean has(Right right) { return rights.contains(right); }
}
