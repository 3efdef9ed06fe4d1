package io.automove.model;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the firm asks the client for: questions and file uploads, emailed with a link to the client portal.
 * Linked to any number of jobs of its account ({@code jobIds}); the jobs hold the other side of each link.
 */
public record ClientRequest(String firmId, String requestId, String accountId, String title, String subject,
                            String message, List<RequestItem> items, RequestStatus status, Set<String> jobIds,
                            Delivery delivery, String createdBy, Instant createdAt, Instant submittedAt,
                            String portalEventId, List<Answer> answers, long rev) {

    public ClientRequest {
        Check.id(firmId, "firmId");
        Check.id(requestId, "requestId");
        Check.id(accountId, "accountId");
        title = Check.text(title, "title", 200);
        subject = Check.text(subject, "subject", 200);
        message = Check.text(message, "message", 5000);
        items = Check.items(items);
        if (status == null) status = RequestStatus.PENDING;
        jobIds = Set.copyOf(jobIds == null ? Set.of() : jobIds);
        answers = answers == null ? List.of() : List.copyOf(answers);
    }

    /** {@code createdBy} of a request a stage's automation made. */
    public static final String BY_AUTOMATION = "automation";

    /** A new request, waiting for its email. {@code createdBy} is a user id, or {@link #BY_AUTOMATION}. */
    public static ClientRequest create(String firmId, String requestId, String accountId, String title, String subject,
                                       String message, List<RequestItem> items, Set<String> jobIds, String createdBy,
                                       Instant now) {
        return new ClientRequest(firmId, requestId, accountId, title, subject, message, items, RequestStatus.PENDING,
                jobIds, Delivery.queued(now), createdBy, now, null, null, List.of(), 0);
    }

    public static ClientRequest fromTemplate(RequestTemplate template, String requestId, String accountId,
                                             Set<String> jobIds, String createdBy, Instant now) {
        return create(template.firmId(), requestId, accountId, template.name(), template.subject(), template.message(),
                template.items(), jobIds, createdBy, now);
    }

    public boolean unfinished() { return status.unfinished(); }

    public ClientRequest withDelivery(Delivery next) {
        return new ClientRequest(firmId, requestId, accountId, title, subject, message, items, status, jobIds, next,
                createdBy, createdAt, submittedAt, portalEventId, answers, rev);
    }

    public ClientRequest cancelled() {
        return new ClientRequest(firmId, requestId, accountId, title, subject, message, items, RequestStatus.CANCELLED,
                jobIds, delivery, createdBy, createdAt, submittedAt, portalEventId, answers, rev);
    }

    public ClientRequest submitted(String portalEventId, Instant at, List<Answer> given) {
        return new ClientRequest(firmId, requestId, accountId, title, subject, message, items, RequestStatus.SUBMITTED,
                jobIds, delivery, createdBy, createdAt, at, portalEventId, given, rev);
    }

    public ClientRequest withJobs(Set<String> newJobIds) {
        return new ClientRequest(firmId, requestId, accountId, title, subject, message, items, status,
                new LinkedHashSet<>(newJobIds), delivery, createdBy, createdAt, submittedAt, portalEventId, answers,
                rev);
    }

    /** This value as the store holds it after a write: the write made revision {@code newRev}. */
    public ClientRequest atRev(long newRev) {
        return new ClientRequest(firmId, requestId, accountId, title, subject, message, items, status, jobIds, delivery,
                createdBy, createdAt, submittedAt, portalEventId, answers, newRev);
    }

    @Override public String toString() { return "ClientRequest[" + firmId + "/" + requestId + " " + status + "]"; }
}
