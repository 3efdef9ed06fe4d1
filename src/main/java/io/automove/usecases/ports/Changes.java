package io.automove.usecases.ports;

import io.automove.model.ClientRequest;
import io.automove.model.DomainEvent;
import io.automove.model.Job;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes that must happen together or not at all, each with the events it publishes. A write of an item
 * read at revision {@code r} succeeds only if the stored item is still at {@code r} (a new item: if none
 * exists), and stores revision {@code r + 1}.
 */
public final class Changes {

    public record Write(Object before, Object after, List<DomainEvent> events) {}

    /**
     * Emails counted against a firm's daily email cap: {@code emails} more on {@code day} (UTC), fewer if negative.
     * A positive count is stored only if the day's total stays at most {@code cap}; otherwise nothing of the
     * change is stored and the commit throws {@link EmailCapReachedException}.
     */
    public record EmailCount(String firmId, LocalDate day, int emails, int cap) {}

    private final List<Write> writes = new ArrayList<>();
    private EmailCount emailCount;

    public static Changes of() { return new Changes(); }

    public Changes createJob(Job job, DomainEvent... events) { return add(null, job, events); }

    public Changes updateJob(Job before, Job after, DomainEvent... events) { return add(before, after, events); }

    public Changes createRequest(ClientRequest request, DomainEvent... events) { return add(null, request, events); }

    public Changes updateRequest(ClientRequest before, ClientRequest after, DomainEvent... events) {
        return add(before, after, events);
    }

    private Changes add(Object before, Object after, DomainEvent... events) {
        writes.add(new Write(before, after, List.of(events)));
        return this;
    }

    /** Counts emails against the firm's daily cap in the same transaction (one count per change). */
    public Changes countEmails(String firmId, LocalDate day, int emails, int cap) {
        if (emailCount != null) throw new IllegalStateException("one email count per change");
        emailCount = new EmailCount(firmId, day, emails, cap);
        return this;
    }

    public List<Write> writes() { return List.copyOf(writes); }

    public Optional<EmailCount> emailCount() {
        return emailCount == null || emailCount.emails() == 0 ? Optional.empty() : Optional.of(emailCount);
    }

}
