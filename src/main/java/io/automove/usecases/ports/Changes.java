package io.automove.usecases.ports;

import io.automove.model.ClientRequest;
import io.automove.model.DomainEvent;
import io.automove.model.Job;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes that must happen together or not at all, each with the events it publishes. A write of an item
 * read at revision {@code r} succeeds only if the stored item is still at {@code r} (a new item: if none
 * exists), and stores revision {@code r + 1}.
 */
public final class Changes {

    public record Write(Object before, Object after, List<DomainEvent> events) {}

    private final List<Write> writes = new ArrayList<>();

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

    public List<Write> writes() { return List.copyOf(writes); }

}
