package io.automove.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the firm asks the client for: questions and file uploads, emailed with a link to the client portal.
 * Linked to any number of jobs of its account ({@code jobIds}); the jobs hold the other side of each link.
 * {@code templateId} names the request template it was made from (null for one written on the spot). Its latest
 * email is its {@code delivery}; {@code reminders} follow the first one; past {@code dueAt} and still unfinished it
 * is {@code overdue}. A reopened request keeps its earlier submissions in {@code previousSubmissions}.
 * {@code rev} is the stored revision this value was read at (0: never stored).
 */
public record ClientRequest(String firmId, String requestId, String accountId, String templateId, String title,
                            String subject, String message, List<RequestItem> items, RequestStatus status,
                            Set<String> jobIds, Delivery delivery, String createdBy, Instant createdAt,
                            Instant submittedAt, String portalEventId, List<Answer> answers, Reminders reminders,
                            Instant dueAt, boolean overdue, List<Submission> previousSubmissions, String reopenMessage,
                            long rev) {

    public ClientRequest {
        Check.id(firmId, "firmId");
        Check.id(requestId, "requestId");
        Check.id(accountId, "accountId");
        if (templateId != null) Check.id(templateId, "templateId");
        title = Check.text(title, "title", 200);
        subject = Check.text(subject, "subject", 200);
        message = Check.text(message, "message", 5000);
        items = Check.items(items);
        if (status == null) status = RequestStatus.PENDING;
        jobIds = Set.copyOf(jobIds == null ? Set.of() : jobIds);
        answers = answers == null ? List.of() : List.copyOf(answers);
        if (reminders == null) reminders = Reminders.of(new ReminderSettings(ReminderSettings.DEFAULT.everyDays(), 0));
        previousSubmissions = previousSubmissions == null ? List.of() : List.copyOf(previousSubmissions);
        if (reopenMessage != null && reopenMessage.length() > 5000) {
            throw DomainException.invalid("FIELD_TOO_LONG", "message is longer than 5000 characters");
        }
    }

    /** {@code createdBy} of a request a stage's automation made. */
    public static final String BY_AUTOMATION = "automation";
    /** A request links to at most this many jobs: one transaction changes the request and its jobs together. */
    public static final int MAX_JOBS = 50;
    /** A request is reopened at most this many times: each keeps a submission in the item (docs/data-model.md, "Bounds"). */
    public static final int MAX_REOPENS = 5;
    /** The characters one submission's answers hold at most, labels and values together. */
    public static final int MAX_ANSWER_CHARACTERS = 12_000;

    /** A new request written on the spot, waiting for its email. {@code createdBy}: a user id or {@link #BY_AUTOMATION}. */
    public static ClientRequest create(String firmId, String requestId, String accountId, String title, String subject,
                                       String message, List<RequestItem> items, Set<String> jobIds, String createdBy,
                                       Instant now, ReminderSettings reminders, Instant dueAt) {
        return new ClientRequest(firmId, requestId, accountId, null, title, subject, message, items,
                RequestStatus.PENDING, jobIds, Delivery.queued(now), createdBy, now, null, null, List.of(),
                Reminders.of(reminders), dueAt, false, List.of(), null, 0);
    }

    public static ClientRequest create(String firmId, String requestId, String accountId, String title, String subject,
                                       String message, List<RequestItem> items, Set<String> jobIds, String createdBy,
                                       Instant now) {
        return create(firmId, requestId, accountId, title, subject, message, items, jobIds, createdBy, now,
                ReminderSettings.DEFAULT, null);
    }

    public static ClientRequest fromTemplate(RequestTemplate template, String requestId, String accountId,
                                             Set<String> jobIds, String createdBy, Instant now,
                                             ReminderSettings reminders, Instant dueAt) {
        return new ClientRequest(template.firmId(), requestId, accountId, template.templateId(), template.name(),
                template.subject(), template.message(), template.items(), RequestStatus.PENDING, jobIds,
                Delivery.queued(now), createdBy, now, null, null, List.of(), Reminders.of(reminders), dueAt, false,
                List.of(), null, 0);
    }

    public static ClientRequest fromTemplate(RequestTemplate template, String requestId, String accountId,
                                             Set<String> jobIds, String createdBy, Instant now) {
        return fromTemplate(template, requestId, accountId, jobIds, createdBy, now,
                ReminderSettings.firstGiven(template.reminders()), null);
    }

    public boolean unfinished() { return status.unfinished(); }

    public LinkedRequest asLinked() { return new LinkedRequest(requestId, templateId); }

    /** When the sweep should next look at it: its next reminder, or its due date if not overdue yet; null: never. */
    public Instant nextDueWorkAt() {
        if (!unfinished()) return null;
        Instant reminder = reminders.nextAt();
        Instant due = overdue ? null : dueAt;
        if (reminder == null) return due;
        return due == null || reminder.isBefore(due) ? reminder : due;
    }

    /** Past its due date and still unfinished, not yet marked. */
    public boolean becomesOverdue(Instant now) { return unfinished() && !overdue && dueAt != null && !dueAt.isAfter(now); }

    /** The sweep found a reminder due while the firm's daily email cap is reached: it is due again at {@code later}. */
    public ClientRequest reminderPutOff(Instant later) {
        return copy().reminders(reminders.putOffTo(later)).build();
    }

    /** The sweep of {@code now} found a reminder due: it is taken, and its email queued. */
    public ClientRequest reminded(Instant now) {
        return copy().reminders(reminders.taken()).delivery(delivery.next(EmailKind.REMINDER, now)).build();
    }

    public ClientRequest markedOverdue() { return copy().overdue(true).build(); }

    /** A person asks for the request to be emailed again now; the reminders keep their schedule. */
    public ClientRequest resent(Instant now) { return copy().delivery(delivery.next(EmailKind.RESEND, now)).build(); }

    /**
     * Unfinished again: the client's answers become history, the client is emailed ({@code message}, optional), and
     * reminders start over from that email.
     */
    public ClientRequest reopened(String message, Instant now) {
        if (previousSubmissions.size() >= MAX_REOPENS) {
            throw DomainException.conflict("TOO_MANY_REOPENS", "A request can be reopened at most " + MAX_REOPENS
                    + " times: create a new request instead.");
        }
        List<Submission> history = new ArrayList<>(previousSubmissions);
        history.add(new Submission(portalEventId, submittedAt, answers));
        return copy().status(RequestStatus.PENDING).previousSubmissions(history).portalEventId(null).submittedAt(null)
                .answers(List.of()).reopenMessage(message).reminders(reminders.startedOver())
                .delivery(delivery.next(EmailKind.REOPENED, now)).build();
    }

    /** Whether {@code portalEventId} is the event of this request's current or any earlier submission. */
    public boolean submittedUnder(String portalEventId) {
        if (portalEventId.equals(this.portalEventId)) return true;
        return previousSubmissions.stream().anyMatch(s -> portalEventId.equals(s.portalEventId()));
    }

    /** The latest email's outcome is stored; if it may have reached the client, reminders count from it. */
    public ClientRequest withDelivery(Delivery next) {
        Reminders r = next.mayHaveGone() && unfinished() ? reminders.startingAt(next.changedAt()) : reminders;
        return copy().delivery(next).reminders(r).build();
    }

    public ClientRequest withReminderSettings(ReminderSettings settings) {
        return copy().reminders(reminders.withSettings(settings)).build();
    }

    public ClientRequest withDueAt(Instant newDueAt, Instant now) {
        // a new due date still ahead clears the overdue mark; one already past leaves it to the sweep
        return copy().dueAt(newDueAt).overdue(overdue && newDueAt != null && !newDueAt.isAfter(now)).build();
    }

    /** Every job it is linked to was archived: no more reminders, even if one is unarchived later. */
    public ClientRequest remindersStopped() { return copy().reminders(reminders.stoppedForGood()).build(); }

    public ClientRequest cancelled() {
        return copy().status(RequestStatus.CANCELLED).reminders(reminders.stoppedForGood()).build();
    }

    public ClientRequest submitted(String portalEventId, Instant at, List<Answer> given) {
        long characters = given.stream().mapToLong(a -> a.label().length() + a.value().length()).sum();
        if (characters > MAX_ANSWER_CHARACTERS) {
            throw DomainException.invalid("ANSWERS_TOO_LARGE", "The answers hold " + characters + " characters; at most "
                    + MAX_ANSWER_CHARACTERS + " are accepted (upload files and answer with their references).");
        }
        return copy().status(RequestStatus.SUBMITTED).portalEventId(portalEventId).submittedAt(at).answers(given).build();
    }

    /** How many times the client has submitted it, this one included. */
    public int submissionNumber() { return previousSubmissions.size() + (status == RequestStatus.SUBMITTED ? 1 : 0); }

    public ClientRequest withJobs(Set<String> newJobIds) {
        if (newJobIds.size() > MAX_JOBS && newJobIds.size() > jobIds.size()) {
            throw DomainException.invalid("TOO_MANY_JOBS", "A request can be linked to at most " + MAX_JOBS + " jobs.");
        }
        return copy().jobIds(new LinkedHashSet<>(newJobIds)).build();
    }

    /** This value as the store holds it after a write: the write made revision {@code newRev}. */
    public ClientRequest atRev(long newRev) { return copy().rev(newRev).build(); }

    @Override public String toString() { return "ClientRequest[" + firmId + "/" + requestId + " " + status + "]"; }

    private Copy copy() { return new Copy(this); }

    /** A copy of a request with some fields changed: the one place that lists every field. */
    private static final class Copy {
        private final ClientRequest r;
        private RequestStatus status;
        private Set<String> jobIds;
        private Delivery delivery;
        private Instant submittedAt;
        private String portalEventId;
        private List<Answer> answers;
        private Reminders reminders;
        private Instant dueAt;
        private boolean overdue;
        private List<Submission> previousSubmissions;
        private String reopenMessage;
        private long rev;

        Copy(ClientRequest r) {
            this.r = r;
            status = r.status;
            jobIds = r.jobIds;
            delivery = r.delivery;
            submittedAt = r.submittedAt;
            portalEventId = r.portalEventId;
            answers = r.answers;
            reminders = r.reminders;
            dueAt = r.dueAt;
            overdue = r.overdue;
            previousSubmissions = r.previousSubmissions;
            reopenMessage = r.reopenMessage;
            rev = r.rev;
        }

        Copy status(RequestStatus v) { status = v; return this; }
        Copy jobIds(Set<String> v) { jobIds = v; return this; }
        Copy delivery(Delivery v) { delivery = v; return this; }
        Copy submittedAt(Instant v) { submittedAt = v; return this; }
        Copy portalEventId(String v) { portalEventId = v; return this; }
        Copy answers(List<Answer> v) { answers = v; return this; }
        Copy reminders(Reminders v) { reminders = v; return this; }
        Copy dueAt(Instant v) { dueAt = v; return this; }
        Copy overdue(boolean v) { overdue = v; return this; }
        Copy previousSubmissions(List<Submission> v) { previousSubmissions = v; return this; }
        Copy reopenMessage(String v) { reopenMessage = v; return this; }
        Copy rev(long v) { rev = v; return this; }

        ClientRequest build() {
            return new ClientRequest(r.firmId, r.requestId, r.accountId, r.templateId, r.title, r.subject, r.message,
                    r.items, status, jobIds, delivery, r.createdBy, r.createdAt, submittedAt, portalEventId, answers,
                    reminders, dueAt, overdue, previousSubmissions, reopenMessage, rev);
        }
    }
}
