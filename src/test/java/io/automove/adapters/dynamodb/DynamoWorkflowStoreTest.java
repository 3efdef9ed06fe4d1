package io.automove.adapters.dynamodb;

import io.automove.localstack.Template;
import io.automove.model.ClientRequest;
import io.automove.model.DomainEvent.ClientRequestCreated;
import io.automove.model.DomainEvent.ClientRequestCancelled;
import io.automove.model.Job;
import io.automove.model.RequestItem;
import io.automove.model.ItemKind;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.ConcurrentChangeException;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore.StageRequestOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store's promises, on a real DynamoDB engine: conditional, atomic, and the outbox only with events. */
class DynamoWorkflowStoreTest {
    private static AmazonDynamoDBLocal local;
    private static DynamoDbClient dynamo;
    private static DynamoWorkflowStore store;
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @BeforeAll
    static void start() {
        local = DynamoDBEmbedded.create();
        dynamo = local.dynamoDbClient();
        Template template = Template.load(Path.of("template.yaml"));
        dynamo.createTable(template.createTable(template.tableLogicalId(), "store-test"));
        store = new DynamoWorkflowStore(dynamo, "store-test");
    }

    @AfterAll
    static void stop() { local.shutdown(); }

    private static Job newJob() {
        return Job.open("firm_a", "job_" + UUID.randomUUID(), "acc_a", "pl_a", "Job", "stg_1", NOW);
    }

    private static ClientRequest newRequest(Set<String> jobIds) {
        return ClientRequest.create("firm_a", "req_" + UUID.randomUUID(), "acc_a", "Title", "Subject", "Message",
                List.of(new RequestItem(ItemKind.QUESTION, "Q?", true)), jobIds, "automation", NOW);
    }

    private static Map<String, AttributeValue> raw(String pk, String sk) {
        return dynamo.getItem(b -> b.tableName("store-test").key(Map.of("PK", AttributeValue.fromS(pk),
                "SK", AttributeValue.fromS(sk))).consistentRead(true)).item();
    }

    @Test
    void aWriteFromAStaleRevision_isRefused_andWritesNothing() {
        Job job = newJob();
        store.commit(Changes.of().createJob(job));
        Job stored = store.job("firm_a", job.jobId(), Read.CONSISTENT).orElseThrow();
        store.commit(Changes.of().updateJob(stored, stored.linked("req_x", true)));

        // the same stale value again
        assertThatThrownBy(() -> store.commit(Changes.of().updateJob(stored, stored.linked("req_y", true))))
                .isInstanceOf(ConcurrentChangeException.class);
        assertThat(store.job("firm_a", job.jobId(), Read.CONSISTENT).orElseThrow().requestIds()).containsExactly("req_x");
    }

    @Test
    void creatingWhatExists_isRefused() {
        Job job = newJob();
        store.commit(Changes.of().createJob(job));
        assertThatThrownBy(() -> store.commit(Changes.of().createJob(job))).isInstanceOf(ConcurrentChangeException.class);
    }

    @Test
    void severalWrites_areAllOrNothing() {
        Job job = newJob();
        ClientRequest request = newRequest(Set.of(job.jobId()));
        store.commit(Changes.of().createJob(job).createRequest(request));
        Job storedJob = store.job("firm_a", job.jobId(), Read.CONSISTENT).orElseThrow();
        ClientRequest storedRequest = store.clientRequest("firm_a", request.requestId(), Read.CONSISTENT).orElseThrow();
        store.commit(Changes.of().updateRequest(storedRequest, storedRequest.cancelled())); // moves the request on

        // a job update plus a write of the request from its old revision
        assertThatThrownBy(() -> store.commit(Changes.of()
                .updateJob(storedJob, storedJob.unlinked(request.requestId()))
                .updateRequest(storedRequest, storedRequest.withJobs(Set.of()))))
                .isInstanceOf(ConcurrentChangeException.class);
        assertThat(store.job("firm_a", job.jobId(), Read.CONSISTENT).orElseThrow().rev()).isEqualTo(storedJob.rev());
    }

    @Test
    void theOutbox_isStoredWithEvents_andRemovedByTheNextWriteWithout() {
        Job job = newJob();
        ClientRequest request = newRequest(Set.of(job.jobId()));
        store.commit(Changes.of().createRequest(request, new ClientRequestCancelled("firm_a", request.requestId(), "acc_a",
                List.of(job.jobId()))));
        String pk = Keys.request("firm_a", request.requestId());
        assertThat(raw(pk, "REQUEST").get("outbox").s()).contains("ClientRequestCancelled");

        ClientRequest stored = store.clientRequest("firm_a", request.requestId(), Read.CONSISTENT).orElseThrow();
        store.commit(Changes.of().updateRequest(stored, stored.withJobs(Set.of())));
        assertThat(raw(pk, "REQUEST")).doesNotContainKey("outbox");
    }

    @Test
    void aStageRequest_isCreatedAndLinkedOnce_andNotForAJobThatMovedOn() {
        Job job = newJob();
        store.commit(Changes.of().createJob(job));
        ClientRequest request = newRequest(Set.of(job.jobId()));
        ClientRequestCreated created = new ClientRequestCreated("firm_a", request.requestId(), "acc_a", List.of(job.jobId()));

        assertThat(store.createStageRequest(request, job.jobId(), 1, created)).isEqualTo(StageRequestOutcome.CREATED);
        assertThat(store.createStageRequest(request, job.jobId(), 1, created)).isEqualTo(StageRequestOutcome.ALREADY_EXISTS);
        Job linked = store.job("firm_a", job.jobId(), Read.CONSISTENT).orElseThrow();
        assertThat(linked.requestIds()).containsExactly(request.requestId());
        assertThat(linked.awaitedRequestIds()).containsExactly(request.requestId());
        assertThat(linked.rev()).isEqualTo(2);

        ClientRequest other = newRequest(Set.of(job.jobId()));
        assertThat(store.createStageRequest(other, job.jobId(), 7, created)).isEqualTo(StageRequestOutcome.JOB_MOVED_ON);
        assertThat(store.clientRequest("firm_a", other.requestId(), Read.CONSISTENT)).isEmpty();
    }

    @Test
    void aStageRequest_forAJobAtItsBound_isRefusedAsFull_andWritesNothing() {
        // GIVEN a job one link below its bound
        Job job = newJob();
        Set<String> links = new java.util.LinkedHashSet<>();
        for (int i = 0; i < Job.MAX_REQUESTS - 1; i++) links.add("req_old" + i);
        store.commit(Changes.of().createJob(job));
        Job stored = store.job("firm_a", job.jobId(), Read.CONSISTENT).orElseThrow();
        store.commit(Changes.of().updateJob(stored, new Job(stored.firmId(), stored.jobId(), stored.accountId(),
                stored.pipelineId(), stored.title(), stored.stageId(), 1, links, Set.of(), NOW, NOW, stored.rev())));

        // WHEN two automations link their requests: the first reaches the bound, the second finds the job full
        ClientRequest last = newRequest(Set.of(job.jobId()));
        ClientRequest past = newRequest(Set.of(job.jobId()));
        assertThat(store.createStageRequest(last, job.jobId(), 1, new ClientRequestCreated("firm_a", last.requestId(),
                "acc_a", List.of(job.jobId())))).isEqualTo(StageRequestOutcome.CREATED);
        assertThat(store.createStageRequest(past, job.jobId(), 1, new ClientRequestCreated("firm_a", past.requestId(),
                "acc_a", List.of(job.jobId())))).isEqualTo(StageRequestOutcome.JOB_FULL);

        // THEN the job links exactly its bound, and the refused request was never stored
        assertThat(store.job("firm_a", job.jobId(), Read.CONSISTENT).orElseThrow().requestIds()).hasSize(Job.MAX_REQUESTS);
        assertThat(store.clientRequest("firm_a", past.requestId(), Read.CONSISTENT)).isEmpty();
    }

    @Test
    void aStageRequest_joinsTheRequestsTheJobAlreadyAwaits_inTheNewStage() {
        // GIVEN a job that entered its stage still awaiting a request kept from the stage before
        Job job = newJob();
        store.commit(Changes.of().createJob(job));
        Job stored = store.job("firm_a", job.jobId(), Read.CONSISTENT).orElseThrow();
        store.commit(Changes.of().updateJob(stored, stored.movedTo("stg_2", Set.of("req_kept"), Set.of("req_kept"), NOW)));
        ClientRequest request = newRequest(Set.of(job.jobId()));

        // WHEN the new stage's automation makes and links its request
        assertThat(store.createStageRequest(request, job.jobId(), 2, new ClientRequestCreated("firm_a",
                request.requestId(), "acc_a", List.of(job.jobId())))).isEqualTo(StageRequestOutcome.CREATED);

        // THEN the job awaits both
        assertThat(store.job("firm_a", job.jobId(), Read.CONSISTENT).orElseThrow().awaitedRequestIds())
                .containsExactlyInAnyOrder("req_kept", request.requestId());
    }

    @Test
    void aJobStoredUnderTheOldAttributeName_stillReadsWhatItAwaits() {
        Job job = newJob();
        store.commit(Changes.of().createJob(job));
        Map<String, AttributeValue> item = new java.util.HashMap<>(raw("FIRM#firm_a#JOB#" + job.jobId(), "JOB"));
        item.put("awaited", AttributeValue.fromSs(List.of("req_old")));
        dynamo.putItem(b -> b.tableName("store-test").item(item));

        assertThat(store.job("firm_a", job.jobId(), Read.CONSISTENT).orElseThrow().awaitedRequestIds())
                .containsExactly("req_old");
    }

    @Test
    void anotherFirmsIds_findNothing() {
        Job job = newJob();
        store.commit(Changes.of().createJob(job));
        assertThat(store.job("firm_b", job.jobId(), Read.CONSISTENT)).isEmpty();
        assertThat(store.jobs("firm_b", List.of(job.jobId()), Read.EVENTUAL)).isEmpty();
    }

    /** The due-work index sorts by time for every date the API takes: one after 2286 must not sort first. */
    @Test
    void theDueWorkIndex_findsWhatIsDue_andNothingLater_howeverFarAhead() {
        Instant now = Instant.parse("2027-01-01T00:00:00Z");
        ClientRequest near = withDueAt(Instant.parse("2026-12-01T00:00:00Z"));
        ClientRequest later = withDueAt(Instant.parse("2027-06-01T00:00:00Z"));
        ClientRequest far = withDueAt(Instant.parse("2300-01-01T00:00:00Z"));
        ClientRequest farthest = withDueAt(Instant.parse("9999-12-31T23:59:59Z"));
        for (ClientRequest r : List.of(far, farthest, later, near)) store.commit(Changes.of().createRequest(r));

        List<String> due = store.dueRequests(now, 1000).stream().map(d -> d.requestId()).toList();

        assertThat(due).contains(near.requestId()).doesNotContain(later.requestId(), far.requestId(), farthest.requestId());
        assertThat(store.dueRequests(Instant.parse("9999-12-31T23:59:59Z"), 1000).stream().map(d -> d.requestId()).toList())
                .contains(near.requestId(), later.requestId(), far.requestId(), farthest.requestId());
    }

    private static ClientRequest withDueAt(Instant dueAt) {
        return ClientRequest.create("firm_a", "req_" + UUID.randomUUID(), "acc_a", "Title", "Subject", "Message",
                List.of(new RequestItem(ItemKind.QUESTION, "Q?", true)), Set.of(), "automation", NOW,
                io.automove.model.ReminderSettings.DEFAULT, dueAt);
    }
}
