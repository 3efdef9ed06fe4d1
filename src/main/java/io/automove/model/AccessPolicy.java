package io.automove.model;

/**
 * Who may do what. Written once and used by every handler: the firm owner and admins may do everything; a
 * team member may work on an account's jobs and requests if assigned to that account or holding
 * VIEW_ALL_ACCOUNTS. Firm configuration (members, accounts, templates, pipelines) is for owners and admins.
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
}
