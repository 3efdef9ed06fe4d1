package io.automove.usecases;

import io.automove.model.Account;
import io.automove.model.Caller;
import io.automove.model.Contact;
import io.automove.model.DomainEvent.AccountChanged;
import io.automove.model.DomainException;
import io.automove.model.Member;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Directory.AccountState;
import io.automove.usecases.ports.Read;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An account's name, contacts, team and tags, changed by the owner or an admin. A new team decides who may work on
 * the account from the next call (that read is strongly consistent); new tags decide which stage automations apply
 * to its jobs from the next stage entry. Stored with {@code AccountChanged} naming the fields, never their values.
 */
public final class ChangeAccount {
    /** A partial change; null fields stay as they are. */
    public record Patch(String name, List<Contact> contacts, Set<String> teamMemberIds, Set<String> tags) {
        boolean empty() { return name == null && contacts == null && teamMemberIds == null && tags == null; }
    }

    private final Directory directory;
    private final Access access;

    public ChangeAccount(Directory directory) {
        this.directory = directory;
        this.access = new Access(directory);
    }

    public Account change(Caller caller, String accountId, Patch patch) {
        if (patch.empty()) throw DomainException.invalid("MISSING_FIELD", "Give name, contacts, teamMemberIds or tags.");
        if (patch.contacts() != null && patch.contacts().isEmpty()) {
            throw DomainException.invalid("NO_CONTACTS", "An account needs at least one contact to send requests to.");
        }
        Member manager = access.manager(caller, "change accounts");
        if (patch.teamMemberIds() != null) {
            for (String userId : patch.teamMemberIds()) {
                if (directory.member(manager.firmId(), userId).isEmpty()) {
                    throw DomainException.invalid("UNKNOWN_MEMBER", "teamMemberIds: " + userId + " is not a member of this firm.");
                }
            }
        }
        return ReadDecideCommit.run("account " + accountId, Read.EVENTUAL, read -> {
            AccountState state = directory.accountState(manager.firmId(), accountId, read)
                    .orElseThrow(() -> DomainException.notFound("account", accountId));
            Account a = state.account();
            Account changed = new Account(a.firmId(), a.accountId(), or(patch.name(), a.name()), or(patch.contacts(), a.contacts()),
                    or(patch.teamMemberIds(), a.teamMemberIds()), or(patch.tags(), a.tags()));
            List<String> fields = new ArrayList<>();
            if (!changed.name().equals(a.name())) fields.add("name");
            if (!changed.contacts().equals(a.contacts())) fields.add("contacts");
            if (!changed.teamMemberIds().equals(a.teamMemberIds())) fields.add("teamMemberIds");
            if (!changed.tags().equals(a.tags())) fields.add("tags");
            if (fields.isEmpty()) return a; // nothing changes: nothing stored, no entry
            directory.updateAccount(state, changed, new AccountChanged(a.firmId(), accountId, fields, manager.userId(),
                    state.rev() + 1));
            return changed;
        });
    }

    private static <T> T or(T given, T otherwise) { return given == null ? otherwise : given; }
}
