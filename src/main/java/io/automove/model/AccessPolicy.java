package io.automove.model;

/**
 * Who may do what. Written once and used by every handler: the firm owner and admins may do everything; a
 * team member may work on an account's jobs and requests if assigned to that account or holding
 * VIEW_ALL_ACCOUNTS. Firm configuration (members, accounts, templates, pipelines) is for owners and admins.
 *
 * <p>Members' roles, by rank: only the owner changes or removes an admin (or another owner); an admin changes or
 * removes employees, and may make one an admin (as an admin may add one); nobody removes an owner; the owner hands
 * ownership over by making another member OWNER, and becomes ADMIN in the same change; nobody changes their own
 * role or rights, or removes themselves.
 */
public final class AccessPolicy {
    private AccessPolicy() {}

    /** The things a member does on an account's jobs and requests; named in the refusal message. */
    public enum Action {
        READ("see"), CREATE_JOB("create jobs for"), MOVE_JOB("move jobs of"), ARCHIVE_JOB("archive jobs of"),
        CREATE_REQUEST("create client requests for"), CHANGE_REQUEST("change client requests of"),
        RESEND_REQUEST("resend client requests of"), REOPEN_REQUEST("reopen client requests of"),
        LINK("link client requests of"), UNLINK("unlink client requests of");

        private final String phrase;
        Action(String phrase) { this.phrase = phrase; }
    }

    public static boolean isManager(Member member) {
        return member.role() == Role.OWNER || member.role() == Role.ADMIN;
    }

    /** True when the member's rights alone decide, without looking at the account's team. */
    public static boolean seesEveryAccount(Member member) {
        return isManager(member) || member.has(Right.VIEW_ALL_ACCOUNTS);
    }

    public static boolean canWorkOn(Member member, Account account) {
        return seesEveryAccount(member) || account.hasTeamMember(member.userId());
    }

    public static void requireManager(Member member, String what) {
        if (!isManager(member)) {
            throw DomainException.forbidden("FORBIDDEN", "Only the firm owner or an admin may " + what + ".");
        }
    }

    public static void require(Member member, Account account, Action action) {
        if (!canWorkOn(member, account)) {
            throw DomainException.forbidden("FORBIDDEN",
                    "You may not " + action.phrase + " this account: ask the firm owner or an admin to assign you to it.");
        }
    }

    /**
     * May {@code actor} change {@code target} into {@code changed} (same member, another role or rights)? The
     * actor must be a manager (checked first, {@link #requireManager}).
     */
    public static void requireMayChange(Member actor, Member target, Member changed) {
        requireManager(actor, "change members");
        if (actor.userId().equals(target.userId())) {
            throw DomainException.forbidden("OWN_MEMBERSHIP", "Nobody changes their own role or rights: ask "
                    + (actor.role() == Role.OWNER ? "another owner, or hand the firm over first." : "the firm owner."));
        }
        if (outranks(target, actor) || rank(target) == rank(actor)) {
            throw DomainException.forbidden("FORBIDDEN", "Only the firm owner may change an admin or an owner.");
        }
        if (changed.role() == Role.OWNER && actor.role() != Role.OWNER) {
            throw DomainException.forbidden("FORBIDDEN", "Only the firm owner may make another member owner.");
        }
    }

    /** May {@code actor} remove {@code target} from the firm? Nobody removes an owner, or themselves. */
    public static void requireMayRemove(Member actor, Member target) {
        requireManager(actor, "remove members");
        if (target.role() == Role.OWNER) {
            throw DomainException.forbidden("OWNER_NOT_REMOVABLE",
                    "The firm owner cannot be removed: the owner hands the firm over to another member first.");
        }
        if (actor.userId().equals(target.userId())) {
            throw DomainException.forbidden("OWN_MEMBERSHIP", "Nobody removes themselves: ask the firm owner.");
        }
        if (rank(target) >= rank(actor)) {
            throw DomainException.forbidden("FORBIDDEN", "Only the firm owner may remove an admin.");
        }
    }

    /** The owner who makes another member OWNER becomes ADMIN: one owner hands over to the next. */
    public static boolean handsOver(Member actor, Member changed) {
        return actor.role() == Role.OWNER && changed.role() == Role.OWNER && !actor.userId().equals(changed.userId());
    }

    private static boolean outranks(Member a, Member b) { return rank(a) > rank(b); }

    private static int rank(Member m) {
        return switch (m.role()) {
            case OWNER -> 2;
            case ADMIN -> 1;
            case EMPLOYEE -> 0;
        };
    }
}
