package io.automove.it;

import io.automove.adapters.dynamodb.DynamoWorkflowStore;
import io.automove.adapters.dynamodb.Seed;
import io.automove.localstack.HttpApi.Response;
import io.automove.model.Job;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.ConcurrentChangeException;
import io.automove.usecases.ports.Read;
import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The board page by page on DynamoDB Local: every job once, whatever moves meanwhile; cursors bound to their query. */
class BoardPagingTest {
    private final Stack stack = new Stack();
    private final Firm firm = new Firm(stack);
    private final Seed seed = new Seed(stack.runtime.dynamo(), stack.runtime.tableName());
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @AfterEach
    void close() { stack.close(); }

    private List<Job> seedJobs(String accountId, String stageId, int n, String prefix) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // a few share a creation millisecond: the id orders them
            jobs.add(Job.open(firm.firmId, prefix + i, accountId, firm.pipelineId, "Tax return " + i, stageId,
                    t0.plusMillis(i / 3)));
        }
        seed.jobs(jobs);
        return jobs;
    }

    private String stagePath(String stageId, int limit, String cursor) {
        return "/pipelines/" + firm.pipelineId + "/jobs?stageId=" + stageId + "&limit=" + limit
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    }

    private static List<String> jobIds(JsonNode page) {
        return page.field("jobs").orElseThrow().asArray().stream().map(j -> text(j, "jobId")).toList();
    }

    private static String next(JsonNode page) {
        JsonNode n = page.field("nextCursor").orElseThrow();
        return n.isNull() ? null : n.asString();
    }

    @Test
    void pagingThrough3000JobStage_by100_returnsEveryJobExactlyOnce() {
        Set<String> seeded = new HashSet<>();
        seedJobs(firm.accountId, firm.intake, 3000, "job_s").forEach(j -> seeded.add(j.jobId()));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = firm.ok("GET", stagePath(firm.intake, 100, cursor), null);
            assertThat(jobIds(page)).hasSizeLessThanOrEqualTo(100);
            seen.addAll(jobIds(page));
            cursor = next(page);
            pages++;
        } while (cursor != null);

        assertThat(seen).hasSize(3000).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(seeded);
        assertThat(pages).isEqualTo(30);
        // the board: the stage counts 3,000 from its counter and shows its first page, with its own cursor
        JsonNode board = firm.ok("GET", "/pipelines/" + firm.pipelineId + "/jobs", null);
        assertThat(Stack.at(board, "stages[0].counts.jobs").asNumber()).isEqualTo("3000");
        assertThat(board.field("stages").orElseThrow().asArray().get(0).field("jobs").orElseThrow().asArray()).hasSize(50);
        assertThat(Stack.at(board, "stages[0].nextCursor").isNull()).isFalse();
        assertThat(Stack.at(board, "stages[1].nextCursor").isNull()).isTrue();
        // the board's cursor for a stage goes on with ?stageId= of that stage
        JsonNode second = firm.ok("GET", stagePath(firm.intake, 50, text(board, "stages[0].nextCursor")), null);
        assertThat(jobIds(second)).hasSize(50).doesNotContainAnyElementsOf(seen.subList(0, 50)).isEqualTo(seen.subList(50, 100));
    }

    @Test
    void pagingWhileJobsMove_returnsEachJobAtMostOnce_andEveryJobThatStayed() {
        List<Job> jobs = seedJobs(firm.accountId, firm.intake, 120, "job_m");
        Set<String> moved = new HashSet<>();
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int round = 0;
        do {
            JsonNode page = firm.ok("GET", stagePath(firm.intake, 20, cursor), null);
            seen.addAll(jobIds(page));
            cursor = next(page);
            // behind and ahead of the cursor: out to Review, and some of them back into Intake
            for (int k : new int[]{round * 20 + 5, round * 20 + 37, 119 - round}) {
                if (k >= jobs.size()) continue;
                String id = jobs.get(k).jobId();
                if (move(id, firm.review)) {
                    moved.add(id);
                    if (k % 2 == 1) move(id, firm.intake);
                }
            }
            round++;
        } while (cursor != null);

        assertThat(seen).doesNotHaveDuplicates();
        for (Job j : jobs) {
            if (!moved.contains(j.jobId())) assertThat(seen).as("stayed put: " + j.jobId()).contains(j.jobId());
        }
        assertThat(moved).isNotEmpty();
        // the counters followed every move
        JsonNode board = firm.ok("GET", "/pipelines/" + firm.pipelineId + "/jobs?limit=1", null);
        long inIntake = Long.parseLong(Stack.at(board, "stages[0].counts.jobs").asNumber());
        long inReview = Long.parseLong(Stack.at(board, "stages[2].counts.jobs").asNumber());
        assertThat(inIntake + inReview).isEqualTo(120);
        assertThat(inReview).isEqualTo(jobs.stream().filter(j -> stageOf(j.jobId()).equals(firm.review)).count());
    }

    private boolean move(String jobId, String toStageId) {
        Response r = stack.call(Firm.OWNER, firm.firmId, "POST", "/jobs/" + jobId + "/move", Map.of("toStageId", toStageId));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return true;
    }

    private String stageOf(String jobId) { return text(firm.ok("GET", "/jobs/" + jobId, null), "stageId"); }

    @Test
    void aCursorEditedReplayedByAnotherFirmOrUsedOnAnotherQuery_is400() {
        seedJobs(firm.accountId, firm.intake, 5, "job_c");
        String cursor = next(firm.ok("GET", stagePath(firm.intake, 2, null), null));
        assertThat(cursor).isNotNull();
        assertThat(stack.call(Firm.OWNER, firm.firmId, "GET", stagePath(firm.intake, 2, cursor), null).status()).isEqualTo(200);

        Firm other = new Firm(stack);
        List<String> refused = new ArrayList<>();
        // another firm, replaying it on its own pipeline's same stage position and on the first firm's path
        refused.add(code(stack.call(Firm.OWNER, other.firmId, "GET", "/pipelines/" + other.pipelineId + "/jobs?stageId="
                + other.intake + "&cursor=" + enc(cursor), null)));
        refused.add(code(stack.call(Firm.OWNER, other.firmId, "GET", stagePath(firm.intake, 2, cursor), null)));
        // edited: one character of the position, one of the seal
        char[] c = cursor.toCharArray();
        c[2] = c[2] == 'A' ? 'B' : 'A';
        refused.add(code(stack.call(Firm.OWNER, firm.firmId, "GET", stagePath(firm.intake, 2, new String(c)), null)));
        refused.add(code(stack.call(Firm.OWNER, firm.firmId, "GET", stagePath(firm.intake, 2,
                cursor.substring(0, cursor.length() - 1) + (cursor.endsWith("A") ? "B" : "A")), null)));
        refused.add(code(stack.call(Firm.OWNER, firm.firmId, "GET", stagePath(firm.intake, 2, "garbage"), null)));
        // another query: another stage, archived shown, the whole board, another pipeline, the request list
        refused.add(code(stack.call(Firm.OWNER, firm.firmId, "GET", stagePath(firm.review, 2, cursor), null)));
        refused.add(code(stack.call(Firm.OWNER, firm.firmId, "GET", stagePath(firm.intake, 2, cursor) + "&includeArchived=true", null)));
        refused.add(code(stack.call(Firm.OWNER, firm.firmId, "GET", "/pipelines/" + firm.pipelineId + "/jobs?cursor=" + enc(cursor), null)));
        String otherPipeline = firm.pipeline("Bookkeeping", List.of(Firm.stage("Intake", false))).get(0);
        refused.add(code(stack.call(Firm.OWNER, firm.firmId, "GET", "/pipelines/" + otherPipeline + "/jobs?stageId="
                + firm.intake + "&cursor=" + enc(cursor), null)));
        refused.add(code(stack.call(Firm.OWNER, firm.firmId, "GET", "/client-requests?accountId=" + firm.accountId
                + "&cursor=" + enc(cursor), null)));
        assertThat(refused).containsOnly("400 INVALID_CURSOR").hasSize(10);

        assertThat(code(stack.call(Firm.OWNER, firm.firmId, "GET", stagePath(firm.intake, 201, null), null))).isEqualTo("400 INVALID_LIMIT");
        assertThat(code(stack.call(Firm.OWNER, firm.firmId, "GET", "/pipelines/" + firm.pipelineId + "/jobs?limit=0", null)))
                .isEqualTo("400 INVALID_LIMIT");
        assertThat(code(stack.call(Firm.OWNER, firm.firmId, "GET", stagePath("stg_nope", 2, null), null))).isEqualTo("404 STAGE_NOT_FOUND");
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    private static String code(Response r) { return r.status() + " " + text(r.json(), "error.code"); }

    @Test
    void anEmployeeSeesOnlyTheirAccountsJobs_andTheirCounts() {
        firm.ok("POST", "/members", Map.of("userId", "user-emp", "role", "EMPLOYEE", "rights", List.of()));
        firm.ok("POST", "/members", Map.of("userId", "user-idle", "role", "EMPLOYEE", "rights", List.of()));
        String theirs = text(firm.ok("POST", "/accounts", Map.of("name", "Verdi", "contacts", List.of(Map.of("name", "Gia Verdi", "email", "gia@verdi.example")), "teamMemberIds", List.of("user-emp"))),
                "accountId");
        seedJobs(firm.accountId, firm.intake, 60, "job_o");
        Set<String> own = new LinkedHashSet<>();
        seedJobs(theirs, firm.intake, 7, "job_e").forEach(j -> own.add(j.jobId()));

        JsonNode board = stack.ok("user-emp", firm.firmId, "GET", "/pipelines/" + firm.pipelineId + "/jobs?limit=5", null);
        assertThat(Stack.at(board, "stages[0].counts.jobs").asNumber()).isEqualTo("7");
        List<String> seen = new ArrayList<>(jobIds(board.field("stages").orElseThrow().asArray().get(0)));
        String cursor = text(board, "stages[0].nextCursor");
        JsonNode rest = stack.ok("user-emp", firm.firmId, "GET", stagePath(firm.intake, 5, cursor), null);
        seen.addAll(jobIds(rest));
        assertThat(next(rest)).isNull();
        assertThat(seen).containsExactlyInAnyOrderElementsOf(own);

        JsonNode nothing = stack.ok("user-idle", firm.firmId, "GET", "/pipelines/" + firm.pipelineId + "/jobs", null);
        assertThat(Stack.at(nothing, "stages[0].counts.jobs").asNumber()).isEqualTo("0");
        assertThat(jobIds(nothing.field("stages").orElseThrow().asArray().get(0))).isEmpty();
        // the owner sees all 67
        JsonNode owners = firm.ok("GET", "/pipelines/" + firm.pipelineId + "/jobs", null);
        assertThat(Stack.at(owners, "stages[0].counts.jobs").asNumber()).isEqualTo("67");
    }

    @Test
    void archivedJobsLeaveTheCount_andComeBackOnlyWhenAsked() {
        String a = firm.job(firm.pipelineId, "A");
        String b = firm.job(firm.pipelineId, "B");
        stack.settle();
        firm.ok("POST", "/jobs/" + a + "/archive", null);
        JsonNode board = firm.ok("GET", "/pipelines/" + firm.pipelineId + "/jobs", null);
        assertThat(Stack.at(board, "stages[0].counts.jobs").asNumber()).isEqualTo("1");
        assertThat(jobIds(board.field("stages").orElseThrow().asArray().get(0))).containsExactly(b);
        JsonNode all = firm.ok("GET", stagePath(firm.intake, 1, null) + "&includeArchived=true", null);
        List<String> seen = new ArrayList<>(jobIds(all));
        seen.addAll(jobIds(firm.ok("GET", stagePath(firm.intake, 1, next(all)) + "&includeArchived=true", null)));
        assertThat(seen).containsExactly(a, b);
        firm.ok("POST", "/jobs/" + a + "/unarchive", null);
        board = firm.ok("GET", "/pipelines/" + firm.pipelineId + "/jobs", null);
        assertThat(Stack.at(board, "stages[0].counts.jobs").asNumber()).isEqualTo("2");
    }

    @Test
    void aMoveStoredTwice_countsOnce() {
        String jobId = firm.job(firm.pipelineId, "A");
        stack.settle();
        DynamoWorkflowStore store = new DynamoWorkflowStore(stack.runtime.dynamo(), stack.runtime.tableName());
        Job before = store.job(firm.firmId, jobId, Read.CONSISTENT).orElseThrow();
        Job after = before.movedTo(firm.review, Set.of(), Set.of(), Instant.now());
        store.commit(Changes.of().updateJob(before, after));
        // the same change again (a redelivery deciding from the same read): refused, and no counter moves
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.commit(Changes.of().updateJob(before, after)))
                .isInstanceOf(ConcurrentChangeException.class);
        assertThat(store.activeJobCounts(firm.firmId, firm.pipelineId)).containsEntry(firm.intake, 0L)
                .containsEntry(firm.review, 1L);
    }
}
