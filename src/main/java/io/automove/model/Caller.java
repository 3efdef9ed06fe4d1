package io.automove.model;

/** Who is calling, as the authorizer vouched for it: user id ({@code sub}) and the firm of the token. */
public record Caller(String userId, String firmId) {
    public Caller {
        if (!Check.isId(userId)) throw DomainException.forbidden("UNAUTHENTICATED", "The caller has no valid user id.");
        if (firmId != null && firmId.isEmpty()) firmId = null;
    }

    public String requireFirm() {
        if (firmId == null || !Check.isId(firmId)) {
            throw DomainException.forbidden("NO_FIRM", "The caller's token names no firm.");
        }
        return firmId;
    }
}
