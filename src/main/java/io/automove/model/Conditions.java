package io.automove.model;

import java.util.Set;

/** When a stage automation runs: only for accounts holding every one of {@code accountTags} (none: always). */
public record Conditions(Set<String> accountTags) {
    public static final Conditions NONE = new Conditions(Set.of());

    public Conditions {
        accountTags = accountTags == null ? Set.of() : Set.copyOf(accountTags);
        accountTags.forEach(t -> Account.checkTag(t, "conditions.accountTags[]"));
        if (accountTags.size() > Account.MAX_TAGS) {
            throw DomainException.invalid("TOO_MANY_TAGS", "conditions.accountTags has at most " + Account.MAX_TAGS + " tags");
        }
    }

    public boolean none() { return accountTags.isEmpty(); }

    public boolean metBy(Account account) { return account.tags().containsAll(accountTags); }
}
