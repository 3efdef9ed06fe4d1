package io.automove.handlers;

import io.automove.emulators.SamLocalEmulators;
import io.automove.support.Json;
import io.automove.testing.Stack;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sam-local tier: every file of events/ through its function by SAM local, in the java21 image SAM finds
 * (AWS's, or the stand-in scripts/sam-local builds where no registry is reachable), with the built template,
 * sam-local/env.json and the README's flags, against DynamoDB Local and moto. The files go through
 * `sam local start-lambda` (one warm container per function: the same image, template, variables and emulator
 * as `sam local invoke`, without a new SAM process and JVM per file); scripts/sam-local then runs the README's
 * `sam local invoke` commands themselves, word for word.
 *
 * <p>Each file runs on a fresh table seeded as {@link EventsFolderTest} seeds it, and its answer is checked as
 * there: the HTTP status, the body and the change in the table; for the two scenarios that look at the local
 * stack's outbox and bus, the same facts on moto: the emails SES accepted, and the events the bus routed to the
 * queue of each rule. Run by scripts/sam-local (Docker, the image, `sam build`) through mvn -Psam-local verify.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SamLocalTier.Resolver.class)
class SamLocalEventsIT {
    static final String DELIVERY = "RequestDeliveryFunction/client-request-created.json";
    static final String RELAY = "OutboxRelayFunction/job-created-then-moved.json";
    static final String REMINDED = "RequestDeliveryFunction/client-request-reminded.json";

    private SamLocalTier tier;
    private SamLocalEmulators emulators;
    private final Map<String, Long> millis = new LinkedHashMap<>();

    @BeforeAll
    void start(SamLocalTier tier) throws Exception {
        this.tier = tier;
        emulators = tier.emulators;
    }

    @AfterAll
    void report() {
        millis.forEach((k, v) -> System.out.printf("through sam local: %-60s %6d ms%n", k, v));
    }

    static Stream<String> eventFiles() throws Exception { return EventsFolderTest.eventFiles(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void eventFile_throughSamLocal_hasItsDocumentedEffect(String relative) throws Exception {
        // GIVEN a fresh table, seeded as EventsFolderTest seeds it for this file
        String functionId = relative.substring(0, relative.indexOf('/'));
        EventsFolderTest.Scenario scenario = EventsFolderTest.SCENARIOS.get(relative);
        assertThat(scenario).as("events/%s has no scenario in EventsFolderTest", relative).isNotNull();
        emulators.freshTable(SamLocalTier.KEY);
        EventsFolderTest.Fixtures f = new EventsFolderTest.Fixtures(emulators.dynamo(SamLocalTier.KEY), emulators.env.table());
        f.firmConfigured();
        scenario.given().seed(f);
        Path event = EventsFolderTest.EVENTS.resolve(relative);
        if (functionId.equals("PortalWebhookFunction")) event = signedNow(event);
        double emailsBefore = emulators.ses().getSendQuota().sentLast24Hours();
        drainQueues();

        // WHEN SAM invokes the function with the file (a function error fails here, with SAM's log)
        long started = System.nanoTime();
        String answer = SamLocal.invoke(tier.lambda, functionId, Files.readString(event));
        millis.put(relative, (System.nanoTime() - started) / 1_000_000);
        JsonNode output = Json.parse(answer.isBlank() ? "null" : answer);

        // THEN its answer and effect are the documented ones
        switch (relative) {
            case DELIVERY -> {
                // the scenario's check reads the local stack's outbox: here SES (moto) counts what it accepted
                assertThat(emulators.ses().getSendQuota().sentLast24Hours() - emailsBefore)
                        .as("recipients SES accepted mail for (one email to both contacts)").isEqualTo(2);
                assertThat(f.request().delivery().state().name()).isEqualTo("SENT");
                assertThat(f.request().delivery().recipients()).isEqualTo(2);
            }
            case REMINDED -> {
                // the reminder: email 2 of the request, one to each contact, through SES (moto)
                assertThat(emulators.ses().getSendQuota().sentLast24Hours() - emailsBefore).isEqualTo(2);
                assertThat(f.request().delivery().number()).isEqualTo(2);
                assertThat(f.request().delivery().state().name()).isEqualTo("SENT");
            }
            case RELAY -> {
                // the scenario's check reads the local stack's bus: here moto's bus routed each event by the
                // template's rules: the JobStageChanged rule's queue and the activity trail's (every event) got
                // them, and no other
                assertThat(Stack.at(output, "batchItemFailures").asArray()).as(answer).isEmpty();
                Map<String, List<JsonNode>> arrived = drainQueues();
                List<JsonNode> stageChanges = new ArrayList<>();
                Map<String, Integer> byFunction = new java.util.TreeMap<>();
                arrived.forEach((rule, envelopes) -> {
                    String target = emulators.rules().get(rule).functionId();
                    byFunction.merge(target, envelopes.size(), Integer::sum);
                    if (target.equals("StageEntryFunction")) stageChanges.addAll(envelopes);
                });
                assertThat(byFunction).isEqualTo(Map.of("StageEntryFunction", 2, "ActivityTrailFunction", 2));
                assertThat(stageChanges).extracting(e -> text(e, "detail-type")).containsOnly("JobStageChanged");
                stageChanges.sort(Comparator.comparing(e -> Long.parseLong(Stack.at(e, "detail.stageVersion").asNumber())));
                assertThat(stageChanges).extracting(e -> text(e, "detail.jobId"), e -> text(e, "detail.toStageId"),
                                e -> Stack.at(e, "detail.stageVersion").asNumber(), e -> text(e, "detail.cause"))
                        .containsExactly(Tuple.tuple("job_demo", "stg_intake", "1", "CREATED"),
                                Tuple.tuple("job_demo", "stg_missing_info", "2", "MANUAL"));
            }
            default -> scenario.then().check(f, answer);
        }
    }

    /** A copy of a webhook event, signed now with sam-local/env.json's secret by scripts/sign-webhook-event. */
    private Path signedNow(Path event) throws Exception {
        Path copy = Path.of("target", "sam-local", "events", event.getFileName().toString());
        Files.createDirectories(copy.getParent());
        Files.copy(event, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/sign-webhook-event", copy.toString()).redirectErrorStream(true);
        pb.environment().put("PORTAL_WEBHOOK_SECRET", emulators.env.get("PORTAL_WEBHOOK_SECRET"));
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as(log).isTrue();
        return copy;
    }

    /** Everything waiting in the rules' queues, by rule, removed from them. */
    private Map<String, List<JsonNode>> drainQueues() {
        Map<String, List<JsonNode>> arrived = new LinkedHashMap<>();
        var sqs = emulators.sqs();
        for (SamLocalEmulators.RuleQueue q : emulators.rules().values()) {
            while (true) {
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(q.queueUrl()).maxNumberOfMessages(10)
                        .waitTimeSeconds(0)).messages();
                if (messages.isEmpty()) break;
                for (Message m : messages) {
                    arrived.computeIfAbsent(q.rule(), k -> new ArrayList<>()).add(Json.parse(m.body()));
                    sqs.deleteMessage(b -> b.queueUrl(q.queueUrl()).receiptHandle(m.receiptHandle()));
                }
            }
        }
        return arrived;
    }
}
