package io.automove.model;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Small builders for domain values; every test states what matters to it and takes the rest from here. */
public final class Fixtures {
    public static final String FIRM = "firm-1";
    public static final String ACCOUNT = "acc-1";
    public static final String PIPELINE = "pipe-1";
    public static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");

    private Fixtures() {}

    public static Stage stage(String id, boolean automove, StageAutomation... automations) {
        return new Stage(id, "Stage " + id, automove, List.of(automations));
    }

    /** intake → missing (automove on) → review → done */
    public static Pipeline pipeline() {
        return new Pipeline(FIRM, PIPELINE, "Tax return", List.of(stage("intake", false), stage("missing", true),
                stage("review", false), stage("done", false)), 0);
    }

    public static Job job(String jobId, String stageId, Set<String> linked, Set<String> awaited) {
        return new Job(FIRM, jobId, ACCOUNT, PIPELINE, "Job " + jobId, stageId, 1, linked, awaited, T0, T0, 0);
    }

    public static ClientRequest request(String requestId, RequestStatus status) {
        ClientRequest r = ClientRequest.create(FIRM, requestId, ACCOUNT, "Missing documents", "Documents please",
                "Please send us the documents below.", List.of(), Set.of(), "user-1", T0);
        return switch (status) {
            case PENDING -> r;
            case SUBMITTED -> r.submitted("evt-" + requestId, T0, List.of());
            case CANCELLED -> r.cancelled();
        };
    }

    public static Account account(Contact... contacts) {
        return new Account(FIRM, ACCOUNT, "Rossi & Co", List.of(contacts), Set.of());
    }

    public static Contact contact(String name, String email) { return new Contact(name, email); }
}
