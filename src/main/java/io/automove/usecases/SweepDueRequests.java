package io.automove.usecases;

import io.automove.model.ClientRequest;
import io.automove.model.DomainEvent;
import io.automove.model.DomainEvent.ClientRequestOverdue;
import io.automove.model.DomainEvent.ClientRequestReminded;
import io.automove.model.Job;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore;
import io.automove.usecases.ports.WorkflowStore.DueRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The reminder sweep, run by a schedule (locally by the local stack's ticks: every minute and whenever the local
 * clock is moved on): every unfinished request whose next reminder or due date has come is looked at once.
 * A due reminder is taken (the count goes up,
 * the next one is scheduled, the reminder email is queued with ClientRequestReminded, which
 * {@link DeliverClientRequest} sends); a due date passed marks the request overdue with ClientRequestOverdue. Both in
 * one conditional write, so a sweep that runs twice, or late, takes each reminder once and marks overdue once; a
 * late reminder is still sent. A request whose linked jobs are all archived reminds no more, for good.
 *
 * <p>A reminder that comes due while its firm's daily email cap ({@link EmailCap}) is reached is not taken: it is
 * put off to the start of the next UTC day, when the count starts again, still untaken, so no reminder is lost and
 * the capped firm's requests do not stay at the head of the due-work index, ahead of other firms'.
 */
public final class SweepDueRequests {
    /** Requests read per index query; the sweep goes on until nothing due is left or it reaches {@link #MAX_PER_RUN}. */
    static final int PAGE = 100;
    /** A bound on one run's work: the next run takes the rest (late, and still once). */
    public static final int MAX_PER_RUN = 2_000;

    /** {@code putOff}: reminders not taken because their firm's daily email cap is reached, of {@code cappedFirms}. */
    public record Result(int looked, int reminded, int overdue, int stopped, int putOff, Set<String> cappedFirms) {
        public Result(int looked, int reminded, int overdue, int stopped) {
            this(looked, reminded, overdue, stopped, 0, Set.of());
        }
    }

    private final WorkflowStore store;
    private final Clock clock;
    private final EmailCap cap;

    public SweepDueRequests(WorkflowStore store, Clock clock) {
        this(store, clock, EmailCap.none(store, clock));
    }

    public SweepDueRequests(WorkflowStore store, Clock clock, EmailCap cap) {
        this.store = store;
        this.clock = clock;
        this.cap = cap;
    }

    public EmailCap cap() { return cap; }

    public Result run() { return run(clock.instant()); }

    /** Everything due at {@code now}. */
    public Result run(Instant now) {
        Set<String> seen = new HashSet<>();
        int looked = 0, reminded = 0, overdue = 0, stopped = 0, putOff = 0;
        Set<String> cappedFirms = new java.util.TreeSet<>();
        while (looked < MAX_PER_RUN) {
            List<DueRequest> page = store.dueRequests(now, PAGE);
            boolean progress = false;
            for (DueRequest due : page) {
                // each request once per run: at most one reminder per request per run, however late the sweep is
                if (!seen.add(due.firmId() + "/" + due.requestId())) continue;
                progress = true;
                looked++;
                Swept swept = sweep(due, now);
                if (swept.putOff()) {
                    putOff++;
                    cappedFirms.add(due.firmId());
                }
                switch (swept) {
                    case REMINDED -> reminded++;
                    case OVERDUE, OVERDUE_AND_PUT_OFF -> overdue++;
                    case REMINDED_AND_OVERDUE -> { reminded++; overdue++; }
                    case STOPPED -> stopped++;
                    case NOTHING, PUT_OFF -> { }
                }
            }
            if (!progress || page.size() < PAGE) break;
        }
        return new Result(looked, reminded, overdue, stopped, putOff, Set.copyOf(cappedFirms));
    }

    private enum Swept {
        REMINDED, OVERDUE, REMINDED_AND_OVERDUE, STOPPED, NOTHING, PUT_OFF, OVERDUE_AND_PUT_OFF;

        boolean putOff() { return this == PUT_OFF || this == OVERDUE_AND_PUT_OFF; }
    }

    private Swept sweep(DueRequest due, Instant now) {
        return ReadDecideCommit.run("client request " + due.requestId(), Read.CONSISTENT, read -> {
            ClientRequest request = store.clientRequest(due.firmId(), due.requestId(), read).orElse(null);
            if (request == null || !request.unfinished()) return Swept.NOTHING; // the index lags its table
            ClientRequest after = request;
            List<DomainEvent> events = new ArrayList<>();
            boolean markedOverdue = false, remindedNow = false, stoppedNow = false, putOffNow = false;
            if (request.becomesOverdue(now)) {
                after = after.markedOverdue();
                events.add(new ClientRequestOverdue(request.firmId(), request.requestId(), request.accountId(),
                        List.copyOf(request.jobIds()), request.dueAt().toString()));
                markedOverdue = true;
            }
            if (request.reminders().due(now)) {
                if (everyJobArchived(request, read)) {
                    after = after.remindersStopped();
                    stoppedNow = true;
                } else if (!cap.allows(request.firmId(), Math.max(1, request.delivery().recipients()))) {
                    // as many as its last email went to: the cap counts one per recipient
                    after = after.reminderPutOff(EmailCap.dayOf(now).plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC)
                            .toInstant());
                    putOffNow = true;
                } else {
                    after = after.reminded(now);
                    events.add(new ClientRequestReminded(request.firmId(), request.requestId(), request.accountId(),
                            List.copyOf(request.jobIds()), after.reminders().sent(), after.delivery().number()));
                    remindedNow = true;
                }
            }
            if (after == request) return Swept.NOTHING;
            store.commit(Changes.of().updateRequest(request, after, events.toArray(DomainEvent[]::new)));
            if (stoppedNow) return Swept.STOPPED;
            if (remindedNow) return markedOverdue ? Swept.REMINDED_AND_OVERDUE : Swept.REMINDED;
            if (putOffNow) return markedOverdue ? Swept.OVERDUE_AND_PUT_OFF : Swept.PUT_OFF;
            return Swept.OVERDUE;
        });
    }

    /** A request made by hand may be linked to no job: it reminds. One linked to jobs reminds while one is active. */
    private boolean everyJobArchived(ClientRequest request, Read read) {
        if (request.jobIds().isEmpty()) return false;
        List<Job> jobs = store.jobs(request.firmId(), request.jobIds(), read);
        return !jobs.isEmpty() && jobs.stream().allMatch(Job::archived);
    }
}
