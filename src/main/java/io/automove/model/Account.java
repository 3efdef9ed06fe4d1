package io.automove.model;

import java.util.List;
import java.util.Set;

/**
 * A client of the firm. Its contacts receive client requests; its team members may work on its jobs and requests;
 * its tags decide which stage automations apply to it ({@link Conditions}).
 */
public record Account(String firmId, String accountId, String name, List<Contact> contacts, Set<String> teamMemberIds,
                      Set<String> tags) {
    public static final int MAX_CONTACTS = 20;
    public static final int MAX_TAGS = 20;
    public static final int MAX_TAG_LENGTH = 50;
    /** At most this many team members: the account and their assignments are written in one transaction. */
    public static final int MAX_TEAM_MEMBERS = 50;

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
        if (teamMemberIds.size() > MAX_TEAM_MEMBERS) {
            throw DomainException.invalid("TOO_MANY_TEAM_MEMBERS", "an account has at most " + MAX_TEAM_MEMBERS + " team members");
        }
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        tags.forEach(t -> checkTag(t, "tags[]"));
        if (tags.size() > MAX_TAGS) throw DomainException.invalid("TOO_MANY_TAGS", "an account has at most " + MAX_TAGS + " tags");
    }

    public Account(String firmId, String accountId, String name, List<Contact> contacts, Set<String> teamMemberIds) {
        this(firmId, accountId, name, contacts, teamMemberIds, Set.of());
    }

    public boolean hasTeamMember(String userId) { return teamMemberIds.contains(userId); }

    /** A tag is a short label: not blank, trimmed, at most {@link #MAX_TAG_LENGTH} characters. */
    static void checkTag(String tag, String field) {
        if (tag == null || Text.isBlank(tag) || !tag.equals(tag.strip())) {
            throw DomainException.invalid("INVALID_TAG", field + " must be a non-blank label without surrounding spaces");
        }
        if (tag.length() > MAX_TAG_LENGTH) {
            throw DomainException.invalid("FIELD_TOO_LONG", field + " is longer than " + MAX_TAG_LENGTH + " characters");
        }
    }

    @Override public String toString() { return "Account[" + firmId + "/" + accountId + "]"; }
}
