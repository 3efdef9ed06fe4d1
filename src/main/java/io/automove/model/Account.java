package io.automove.model;

import java.util.List;
import java.util.Set;

/** A client of the firm. Its team members may work on its jobs and requests. */
public record Account(String firmId, String accountId, String name, List<Contact> contacts, Set<String> teamMemberIds) {
    public static final int MAX_CONTACTS = 20;

    public Account {
        Check.id(firmId, "firmId");
        Check.id(accountId, "accountId");
        name = Check.text(name, "name", 200);
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        if (contacts.size() > MAX_CONTACTS) {
            throw DomainException.invalid("TOO_MANY_CONTACTS", "an account has at most " + MAX_CONTACTS + " contacts");
        }
        teamMemberIds = teamMemberIds == null ? Set.of() : Set.copyOf(teamMemberIds);
        teamMemberIds.forEach(id -> Check.id(id, "teamMemberIds[]"));
    }

    public boolean hasTeamMember(String userId) { return teamMemberIds.contains(userId); }

    @Override public String toString() { return "Account[" + firmId + "/" + accountId + "]"; }
}
