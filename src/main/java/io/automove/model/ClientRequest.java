package io.automove.model;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the firm asks the client for: questions and file uploads, emailed with a link to the client portal.
 * Linked to any number of jobs of its account ({@code jobIds}); the jobs hold the other side of each link.
 * {@code templateId} names the request template it was made from (null for one written on the spot);
 * {@code rev} is the stored revision this value was read at (0: never stored).
 */
public record ClientRequest(String firmId, String requestId, String accountId, String templateId, String title,
                            String subject, String message, List<RequestItem> items, RequestStatus status,
                            Set<String> jobIds, Delivery delivery, String createdBy, Instant createdAt,
                            Instant submittedAt, String portalEventId, List<Answer> answers, long rev) {

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
    }

    /** {@code createdBy} of a request a stage's automation made. */
    public static final String BY_AUTOMATION = "automation";

    /** A new request written on the spot, waiting for its email. {@code createdBy}: a user id or {@link #BY_AUTOMATION}. */
    public static ClientRequest create(String firmId, String requestId, String accountId, String title, String subject,
                                       String message, List<RequestItem> items, Set<String> jobIds, String createdBy,
                                       Instant now) {
        return new ClientRequest(firmId, requestId, accountId, null, title, subject, message, items,
                RequestStatus.PENDING, jobIds, Delivery.queued(now), createdBy, now, null, null, List.of(), 0);
    }

    public static ClientRequest fromTemplate(RequestTemplate template, String requestId, String accountId,
                                             Set<String> jobIds, String createdBy, Instant now) {
        return new ClientRequest(template.firmId(), requestId, accountId, template.templateId(), template.name(),
                template.subject(), template.message(), template.items(), RequestStatus.PENDING, jobIds,
                Delivery.queued(now), createdBy, now, null, null, List.of(), 0);
    }

    public boolean unfinished() { return status.unfinished(); }

    public LinkedRequest asLinked() { return new LinkedRequest(requestId, templateId); }

    public ClientRequest withDelivery(Delivery next) { return copy().delivery(next).build(); }

    public ClientRequest cancelled() { return copy().status(RequestStatus.CANCELLED).build(); }

    public ClientRequest submitted(String portalEventId, Instant at, List<Answer> given) {
        return copy().status(RequestStatus.SUBMITTED).portalEventId(portalEventId).submittedAt(at).answers(given).build();
    }

    public ClientRequest withJobs(Set<String> newJobIds) { return copy().jobIds(new LinkedHashSet<>(newJobIds)).build(); }

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
        private long rev;

        Copy(ClientRequest r) {
            this.r = r;
            status = r.status;
            jobIds = r.jobIds;
            delivery = r.delivery;
            submittedAt = r.submittedAt;
            portalEventId = r.portalEventId;
            answers = r.answers;
            rev = r.rev;
        }

        Copy status(RequestStatus v) { status = v; return this; }
        Copy jobIds(Set<String> v) { jobIds = v; return this; }
        Copy delivery(Delivery v) { delivery = v; return this; }
        Copy submittedAt(Instant v) { submittedAt = v; return this; }
        Copy portalEventId(String v) { portalEventId = v; return this; }
        Copy answers(List<Answer> v) { answers = v; return this; }
        Copy rev(long v) { rev = v; return this; }

        ClientRequest build() {
            return new ClientRequest(r.firmId, r.requestId, r.accountId, r.templateId, r.title, r.subject, r.message,
                    r.items, status, jobIds, delivery, r.createdBy, r.createdAt, submittedAt, portalEventId, answers, rev);
        }
    }
}
