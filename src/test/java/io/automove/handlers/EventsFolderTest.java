package io.automove.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.automove.adapters.dynamodb.DynamoDirectory;
import io.automove.adapters.dynamodb.DynamoWorkflowStore;
import io.automove.adapters.events.EventCodec;
import io.automove.localstack.LocalBus;
import io.automove.localstack.LocalStack;
import io.automove.localstack.LocalStack.Options;
import io.automove.localstack.Template;
import io.automove.model.Account;
import io.automove.model.Answer;
import io.automove.model.ClientRequest;
import io.automove.model.Contact;
import io.automove.model.Delivery;
import io.automove.model.DeliveryState;
import io.automove.model.DerivedIds;
import io.automove.model.DomainEvent;
import io.automove.model.DomainEvent.JobStageChanged;
import io.automove.model.DomainEvent.MoveCause;
import io.automove.model.EmailKind;
import io.automove.model.ReminderSettings;
import io.automove.model.Reminders;
import io.automove.model.Firm;
import io.automove.model.ItemKind;
import io.automove.model.Job;
import io.automove.model.Member;
import io.automove.model.Pipeline;
import io.automove.model.RequestItem;
import io.automove.model.RequestStatus;
import io.automove.model.RequestTemplate;
import io.automove.model.Right;
import io.automove.model.Role;
import io.automove.model.Stage;
import io.automove.model.StageAutomation;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.Read;
import io.automove.support.Json;
import io.automove.testing.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.event.ruler.GenericMachine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The events/ folder: {@code events/<FunctionLogicalId>/<case>.json}, one event per function and per route, rule
 * and stream of template.yaml, exactly as AWS delivers it (for {@code sam local invoke <Function> -e <file>}).
 *
 * <p>Every file is run through its function in-process on DynamoDB Local, over fixtures stored through the ports
 * with the same fixed ids the files use (firm_demo, user_owner, acc_rossi, tpl_missing_docs, pl_tax_return with
 * stg_intake / stg_missing_info / stg_review / stg_done, job_demo, req_demo), and must have its documented
 * effect; a file no scenario here exercises fails. Every file also goes through AWS's own Lambda event
 * deserialization into the typed event class, so a misspelt or misplaced field shows.
 */
class EventsFolderTest {
    static final Path EVENTS = Path.of("events");
    static final Path TEMPLATE_FILE = Path.of("template.yaml");
    static final Template TEMPLATE = Template.load(TEMPLATE_FILE);

    static final String FIRM = "firm_demo";
    static final String OWNER = "user_owner";
    static final String ACCOUNT = "acc_rossi";
    static final String TPL = "tpl_missing_docs";
    static final String PIPELINE = "pl_tax_return";
    static final String INTAKE = "stg_intake", MISSING_INFO = "stg_missing_info", REVIEW = "stg_review", DONE = "stg_done";
    static final String JOB = "job_demo";
    static final String REQUEST = "req_demo";

    static final Instant JOB_CREATED = Instant.parse("2025-03-14T09:28:00Z");
    static final Instant JOB_MOVED = Instant.parse("2025-03-14T09:30:00Z");
    static final Instant REQUEST_CREATED = Instant.parse("2025-03-14T09:30:01Z");
    static final Instant REQUEST_SUBMITTED = Instant.parse("2025-03-17T14:04:58Z");

    // ------------------------------------------------------------------------------------------------------------
    // What each file must do. The key is the file's path under events/.
    // ------------------------------------------------------------------------------------------------------------

    /** Stores what the event refers to, beyond the configured firm every scenario starts from. */
    @FunctionalInterface
    interface Given { void seed(Fixtures f); }

    /** Checks the function's output and its effect on the stores, the bus and the mail outbox. */
    @FunctionalInterface
    interface Then { void check(Fixtures f, String output); }

    /** {@code status}: the HTTP status an HTTP event must be answered with; 0 for bus and stream events. */
    record Scenario(int status, Given given, Then then) {
        Scenario(Given given, Then then) { this(0, given, then); }
    }

    /** An HTTP event: the function answers {@code status}, and {@code then} sees the response body. */
    static Scenario http(int status, Given given, java.util.function.BiConsumer<Fixtures, JsonNode> then) {
        return new Scenario(status, given, (f, output) -> {
            JsonNode response = Json.parse(output);
            assertThat(response.field("statusCode").map(JsonNode::asNumber).orElse(null))
                    .as("status of %s", output).isEqualTo(Integer.toString(status));
            String body = response.field("body").filter(b -> !b.isNull()).map(JsonNode::asString).orElse(null);
            then.accept(f, body == null ? null : Json.parse(body));
        });
    }

    static final Given NOTHING_MORE = f -> {};

    static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        String api = "WorkflowApiFunction/";
        SCENARIOS.put(api + "create-firm.json", http(201, NOTHING_MORE, (f, body) -> {
            String firmId = text(body, "firmId");
            assertThat(f.directory.firm(firmId)).get().extracting(Firm::name, Firm::ownerId)
                    .containsExactly("Bianchi Tax Advisors", OWNER);
            assertThat(f.directory.member(firmId, OWNER)).get().extracting(Member::role).isEqualTo(Role.OWNER);
        }));
        SCENARIOS.put(api + "add-member.json", http(201, NOTHING_MORE, (f, body) -> {
            assertThat(text(body, "userId")).isEqualTo("user_anna");
            assertThat(f.directory.member(FIRM, "user_anna")).get().satisfies(m -> {
                assertThat(m.role()).isEqualTo(Role.EMPLOYEE);
                assertThat(m.rights()).containsExactly(Right.VIEW_ALL_ACCOUNTS);
            });
        }));
        SCENARIOS.put(api + "create-account.json", http(201, NOTHING_MORE, (f, body) ->
                assertThat(f.directory.account(FIRM, text(body, "accountId"))).get().satisfies(a -> {
                    assertThat(a.name()).isEqualTo("Verdi Costruzioni S.r.l.");
                    assertThat(a.contacts()).extracting(Contact::email).containsExactly("giulia@verdi-costruzioni.example");
                    assertThat(a.teamMemberIds()).containsExactly(OWNER);
                })));
        SCENARIOS.put(api + "create-template.json", http(201, NOTHING_MORE, (f, body) ->
                assertThat(f.directory.template(FIRM, text(body, "templateId"))).get().satisfies(t -> {
                    assertThat(t.name()).isEqualTo("Year-end documents");
                    assertThat(t.items()).extracting(RequestItem::kind).containsExactly(ItemKind.FILE_UPLOAD, ItemKind.QUESTION);
                })));
        SCENARIOS.put(api + "create-pipeline.json", http(201, NOTHING_MORE, (f, body) ->
                assertThat(f.directory.pipeline(FIRM, text(body, "pipelineId"))).get().satisfies(p -> {
                    assertThat(p.stages()).extracting(Stage::name).containsExactly("To do", "Waiting for client", "Done");
                    assertThat(p.stages().get(1).automove()).isTrue();
                    assertThat(p.stages().get(1).automations()).containsExactly(StageAutomation.sendClientRequest(TPL));
                })));
        SCENARIOS.put(api + "get-pipeline.json", http(200, NOTHING_MORE, (f, body) -> {
            assertThat(text(body, "pipelineId")).isEqualTo(PIPELINE);
            assertThat(Stack.at(body, "stages").asArray()).extracting(s -> text(s, "stageId"))
                    .containsExactly(INTAKE, MISSING_INFO, REVIEW, DONE);
        }));
        SCENARIOS.put(api + "update-stage.json", http(200, NOTHING_MORE, (f, body) -> {
            assertThat(text(body, "name")).isEqualTo("Partner review");
            assertThat(f.directory.pipeline(FIRM, PIPELINE).orElseThrow().stage(REVIEW)).get()
                    .extracting(Stage::name).isEqualTo("Partner review");
        }));
        SCENARIOS.put(api + "get-board.json", http(200, f -> f.request(RequestStatus.PENDING, DeliveryState.SENT)
                .job(MISSING_INFO, 2, Set.of(REQUEST)), (f, body) -> {
            assertThat(text(body, "stages[1].stageId")).isEqualTo(MISSING_INFO);
            assertThat(text(body, "stages[1].jobs[0].jobId")).isEqualTo(JOB);
            assertThat(Stack.at(body, "stages[1].jobs[0].unfinishedCount").asNumber()).isEqualTo("1");
        }));
        SCENARIOS.put(api + "create-job.json", http(201, NOTHING_MORE, (f, body) ->
                assertThat(f.store.job(FIRM, text(body, "jobId"), Read.CONSISTENT)).get().satisfies(j -> {
                    assertThat(j.title()).isEqualTo("Tax return 2025 - Rossi & Co");
                    assertThat(j.accountId()).isEqualTo(ACCOUNT);
                    assertThat(j.stageId()).isEqualTo(INTAKE);
                })));
        SCENARIOS.put(api + "move-job.json", http(200, f -> f.job(INTAKE, 1, Set.of()), (f, body) -> {
            assertThat(text(body, "stageId")).isEqualTo(MISSING_INFO);
            assertThat(f.job()).extracting(Job::stageId, Job::stageVersion).containsExactly(MISSING_INFO, 2L);
        }));
        SCENARIOS.put(api + "archive-job.json", http(200, f -> f.request(RequestStatus.PENDING, DeliveryState.SENT)
                .job(MISSING_INFO, 2, Set.of(REQUEST)), (f, body) -> {
            assertThat(body.field("archived").orElseThrow().asBoolean()).isTrue();
            assertThat(f.job().archived()).isTrue();
            assertThat(f.request().reminders().stopped()).as("its only job archived: no more reminders").isTrue();
        }));
        SCENARIOS.put(api + "unarchive-job.json", http(200, f -> f.job(MISSING_INFO, 2, Set.of()).archived(), (f, body) -> {
            assertThat(body.field("archived").orElseThrow().asBoolean()).isFalse();
            assertThat(f.job().archived()).isFalse();
        }));
        String firmApi = "FirmApiFunction/";
        SCENARIOS.put(firmApi + "list-members.json", http(200, NOTHING_MORE, (f, body) -> {
            assertThat(Stack.at(body, "members").asArray()).extracting(m -> text(m, "userId")).containsExactly(OWNER);
            assertThat(text(body, "members[0].role")).isEqualTo("OWNER");
            assertThat(Stack.at(body, "nextCursor").isNull()).isTrue();
        }));
        SCENARIOS.put(firmApi + "change-member.json", http(200, f -> f.employee("user_anna"), (f, body) -> {
            assertThat(text(body, "role")).isEqualTo("ADMIN");
            assertThat(f.directory.member(FIRM, "user_anna")).get().extracting(Member::role).isEqualTo(Role.ADMIN);
        }));
        SCENARIOS.put(firmApi + "remove-member.json", http(204, f -> f.employee("user_anna"), (f, body) -> {
            assertThat(body).as("a 204 has no body").isNull();
            assertThat(f.directory.member(FIRM, "user_anna")).isEmpty();
        }));
        SCENARIOS.put(firmApi + "change-account.json", http(200, NOTHING_MORE, (f, body) -> {
            assertThat(Stack.at(body, "tags").asArray()).extracting(JsonNode::asString).containsExactly("payroll", "vip");
            assertThat(f.directory.account(FIRM, ACCOUNT)).get().satisfies(a -> {
                assertThat(a.teamMemberIds()).containsExactly(OWNER);
                assertThat(a.tags()).containsExactlyInAnyOrder("payroll", "vip");
                assertThat(a.contacts()).as("left out: unchanged").hasSize(2);
            });
        }));
        SCENARIOS.put(firmApi + "list-accounts.json", http(200, NOTHING_MORE, (f, body) -> {
            assertThat(Stack.at(body, "accounts").asArray()).extracting(a -> text(a, "accountId")).containsExactly(ACCOUNT);
            assertThat(body.toString()).as("a list names no contact").doesNotContain("maria@rossi.example");
        }));
        SCENARIOS.put(firmApi + "get-account.json", http(200, f -> f.job(MISSING_INFO, 2, Set.of()), (f, body) -> {
            assertThat(text(body, "name")).isEqualTo("Rossi & Co");
            assertThat(Stack.at(body, "contacts").asArray()).hasSize(2);
            assertThat(text(body, "jobs[0].jobId")).isEqualTo(JOB);
            assertThat(text(body, "jobs[0].pipelineName")).isEqualTo("Tax return");
            assertThat(text(body, "jobs[0].stageName")).isEqualTo("Missing info");
            assertThat(Stack.at(body, "jobsNextCursor").isNull()).isTrue();
        }));
        SCENARIOS.put(firmApi + "list-account-jobs.json", http(200, f -> f.job(REVIEW, 3, Set.of()), (f, body) -> {
            assertThat(Stack.at(body, "jobs").asArray()).extracting(j -> text(j, "jobId")).containsExactly(JOB);
            assertThat(text(body, "jobs[0].stageId")).isEqualTo(REVIEW);
        }));
        SCENARIOS.put(firmApi + "list-pipelines.json", http(200, NOTHING_MORE, (f, body) -> {
            assertThat(text(body, "pipelines[0].pipelineId")).isEqualTo(PIPELINE);
            assertThat(text(body, "pipelines[0].stages[1].automations[0].templateId")).isEqualTo(TPL);
        }));
        SCENARIOS.put(firmApi + "list-request-templates.json", http(200, NOTHING_MORE, (f, body) ->
                assertThat(Stack.at(body, "requestTemplates").asArray()).extracting(t -> text(t, "templateId")).containsExactly(TPL)));
        SCENARIOS.put(firmApi + "get-request-template.json", http(200, NOTHING_MORE, (f, body) -> {
            assertThat(text(body, "name")).isEqualTo("Missing documents");
            assertThat(text(body, "items[0].label")).isEqualTo("Bank statements");
        }));
        SCENARIOS.put(firmApi + "job-activity.json", http(200, f -> f.job(MISSING_INFO, 2, Set.of()).movedInto(MISSING_INFO),
                (f, body) -> {
                    assertThat(Stack.at(body, "activity").asArray()).extracting(e -> text(e, "details.cause"))
                            .as("oldest first").containsExactly("CREATED", "MANUAL");
                    assertThat(text(body, "activity[1].actor.id")).isEqualTo(OWNER);
                    assertThat(Stack.at(body, "nextCursor").isNull()).isTrue();
                }));
        SCENARIOS.put(firmApi + "client-request-activity.json", http(200, f -> f.request(RequestStatus.PENDING,
                DeliveryState.SENT).job(MISSING_INFO, 2, Set.of(REQUEST)).movedInto(MISSING_INFO), (f, body) -> {
            assertThat(Stack.at(body, "activity").asArray()).extracting(e -> text(e, "kind"))
                    .containsExactly("ClientRequestCreated");
            assertThat(text(body, "activity[0].actor.type")).isEqualTo("AUTOMATION");
            assertThat(text(body, "activity[0].actor.id")).isEqualTo(MISSING_INFO);
        }));
        SCENARIOS.put(firmApi + "firm-activity.json", http(200, f -> f.request(RequestStatus.PENDING,
                DeliveryState.SENT).job(MISSING_INFO, 2, Set.of(REQUEST)).movedInto(MISSING_INFO), (f, body) -> {
            assertThat(Stack.at(body, "activity").asArray()).extracting(e -> text(e, "kind")).as("newest first, 2 of 3")
                    .containsExactly("ClientRequestCreated", "JobStageChanged");
            assertThat(Stack.at(body, "nextCursor").isNull()).isFalse();
        }));
        String lifecycle = "RequestLifecycleFunction/";
        SCENARIOS.put(lifecycle + "change-client-request.json", http(200, f -> f.request(RequestStatus.PENDING,
                DeliveryState.SENT).job(MISSING_INFO, 2, Set.of(REQUEST)), (f, body) -> {
            assertThat(Stack.at(body, "reminders.everyDays").asNumber()).isEqualTo("2");
            assertThat(f.request().reminders()).extracting(Reminders::everyDays, Reminders::times).containsExactly(2, 3);
            assertThat(f.request().dueAt()).isEqualTo(Instant.parse("2099-03-31T17:00:00Z"));
        }));
        SCENARIOS.put(lifecycle + "resend-client-request.json", http(200, f -> f.request(RequestStatus.PENDING,
                DeliveryState.UNCONFIRMED).job(MISSING_INFO, 2, Set.of(REQUEST)), (f, body) -> {
            assertThat(text(body, "delivery")).isEqualTo("QUEUED");
            assertThat(f.request().delivery()).extracting(Delivery::kind, Delivery::number, Delivery::state)
                    .containsExactly(EmailKind.RESEND, 2, DeliveryState.QUEUED);
        }));
        SCENARIOS.put(lifecycle + "reopen-client-request.json", http(200, f -> f.request(RequestStatus.SUBMITTED,
                DeliveryState.SENT).job(REVIEW, 3, Set.of(REQUEST)), (f, body) -> {
            assertThat(text(body, "status")).isEqualTo("PENDING");
            assertThat(f.request().previousSubmissions()).hasSize(1);
            assertThat(f.request().delivery()).extracting(Delivery::kind, Delivery::state)
                    .containsExactly(EmailKind.REOPENED, DeliveryState.QUEUED);
            assertThat(f.job().awaits(REQUEST)).as("the job awaits it again in its stage").isTrue();
        }));
        SCENARIOS.put(api + "get-job.json", http(200, f -> f.request(RequestStatus.PENDING, DeliveryState.SENT)
                .job(MISSING_INFO, 2, Set.of(REQUEST)), (f, body) -> {
            assertThat(text(body, "jobId")).isEqualTo(JOB);
            assertThat(text(body, "stageName")).isEqualTo("Missing info");
            assertThat(text(body, "linked.clientRequests[0].requestId")).isEqualTo(REQUEST);
        }));
        SCENARIOS.put(api + "get-client-request.json", http(200, f -> f.request(RequestStatus.PENDING, DeliveryState.SENT)
                .job(MISSING_INFO, 2, Set.of(REQUEST)), (f, body) -> {
            assertThat(text(body, "requestId")).isEqualTo(REQUEST);
            assertThat(text(body, "status")).isEqualTo("PENDING");
            assertThat(text(body, "jobs[0].jobId")).isEqualTo(JOB);
        }));

        String linking = "RequestLinkingFunction/";
        SCENARIOS.put(linking + "link-existing-request.json", http(200, f -> f.request(RequestStatus.PENDING, DeliveryState.SENT,
                Set.of()).job(MISSING_INFO, 2, Set.of()), (f, body) -> {
            assertThat(text(body, "requestId")).isEqualTo(REQUEST);
            assertThat(f.request().jobIds()).containsExactly(JOB);
            assertThat(f.job().requestIds()).containsExactly(REQUEST);
            assertThat(f.job().awaitedRequestIds()).as("linked while unfinished: counts for automove").containsExactly(REQUEST);
        }));
        SCENARIOS.put(linking + "create-request-for-job.json", http(201, f -> f.job(MISSING_INFO, 2, Set.of()), (f, body) -> {
            String made = text(body, "requestId");
            assertThat(text(body, "jobs[0].jobId")).isEqualTo(JOB);
            assertThat(f.store.clientRequest(FIRM, made, Read.CONSISTENT)).get().satisfies(r -> {
                assertThat(r.title()).isEqualTo("Missing documents");
                assertThat(r.createdBy()).isEqualTo(OWNER);
                assertThat(r.jobIds()).containsExactly(JOB);
            });
            assertThat(f.job().awaitedRequestIds()).containsExactly(made);
        }));
        SCENARIOS.put(linking + "unlink.json", http(204, f -> f.request(RequestStatus.PENDING, DeliveryState.SENT)
                .job(MISSING_INFO, 2, Set.of(REQUEST)), (f, body) -> {
            assertThat(body).as("a 204 has no body").isNull();
            assertThat(f.request().jobIds()).isEmpty();
            assertThat(f.job().requestIds()).isEmpty();
            assertThat(f.job().awaitedRequestIds()).isEmpty();
        }));
        SCENARIOS.put(linking + "create-client-request.json", http(201, f -> f.job(MISSING_INFO, 2, Set.of()), (f, body) -> {
            String made = text(body, "requestId");
            assertThat(f.store.clientRequest(FIRM, made, Read.CONSISTENT)).get().satisfies(r -> {
                assertThat(r.title()).isEqualTo("Proof of address");
                assertThat(r.items()).extracting(RequestItem::label).containsExactly("Utility bill or bank statement");
                assertThat(r.delivery().state()).isEqualTo(DeliveryState.QUEUED);
                assertThat(r.jobIds()).containsExactly(JOB);
            });
            assertThat(f.job().awaitedRequestIds()).containsExactly(made);
        }));
        SCENARIOS.put(linking + "list-client-requests.json", http(200, f -> f.request(RequestStatus.PENDING, DeliveryState.SENT)
                .job(MISSING_INFO, 2, Set.of(REQUEST)), (f, body) -> {
            assertThat(body.field("clientRequests").orElseThrow().asArray()).singleElement().satisfies(r -> {
                assertThat(text(r, "requestId")).isEqualTo(REQUEST);
                assertThat(text(r, "jobs[0].jobId")).isEqualTo(JOB);
            });
            assertThat(Stack.at(body, "nextCursor").isNull()).isTrue();
        }));
        SCENARIOS.put(linking + "set-request-jobs.json", http(200, f -> f.request(RequestStatus.PENDING, DeliveryState.SENT,
                Set.of()).job(MISSING_INFO, 2, Set.of()), (f, body) -> {
            assertThat(text(body, "jobs[0].jobId")).isEqualTo(JOB);
            assertThat(f.request().jobIds()).containsExactly(JOB);
            assertThat(f.job().awaitedRequestIds()).containsExactly(REQUEST);
        }));

        SCENARIOS.put("PortalWebhookFunction/submit.json", http(200, f -> f.request(RequestStatus.PENDING, DeliveryState.SENT)
                .job(MISSING_INFO, 2, Set.of(REQUEST)), (f, body) -> {
            assertThat(text(body, "status")).isEqualTo("accepted");
            assertThat(f.request()).satisfies(r -> {
                assertThat(r.status()).isEqualTo(RequestStatus.SUBMITTED);
                assertThat(r.portalEventId()).isEqualTo("evt_01JPGB3X7K2M9Q4R8T6V0W5Y1Z");
                assertThat(r.submittedAt()).isEqualTo(REQUEST_SUBMITTED);
                assertThat(r.answers()).extracting(Answer::label)
                        .containsExactly("Bank statements", "Did you move house this year?");
            });
        }));

        // JobStageChanged into Missing info, whose automation sends the Missing documents request
        SCENARIOS.put("StageEntryFunction/job-stage-changed.json", new Scenario(f -> f.job(MISSING_INFO, 2, Set.of()),
                (f, output) -> {
                    String made = DerivedIds.automationRequest(FIRM, JOB, 2, 0);
                    assertThat(f.store.clientRequest(FIRM, made, Read.CONSISTENT)).get().satisfies(r -> {
                        assertThat(r.title()).isEqualTo("Missing documents");
                        assertThat(r.status()).isEqualTo(RequestStatus.PENDING);
                        assertThat(r.delivery().state()).isEqualTo(DeliveryState.QUEUED);
                        assertThat(r.jobIds()).containsExactly(JOB);
                        assertThat(r.createdBy()).isEqualTo("automation");
                    });
                    assertThat(f.job().requestIds()).containsExactly(made);
                    assertThat(f.job().awaitedRequestIds()).containsExactly(made);
                }));
        // ClientRequestCreated: the request is emailed to both contacts of the account
        SCENARIOS.put("RequestDeliveryFunction/client-request-created.json", new Scenario(
                f -> f.request(RequestStatus.PENDING, DeliveryState.QUEUED).job(MISSING_INFO, 2, Set.of(REQUEST)),
                (f, output) -> {
                    assertThat(f.runtime.outbox().messages()).extracting(m -> m.email().to())
                            .containsExactlyInAnyOrder("maria@rossi.example", "luca@rossi.example");
                    assertThat(f.runtime.outbox().messages()).allSatisfy(m -> {
                        assertThat(m.email().requestId()).isEqualTo(REQUEST);
                        assertThat(m.email().subject()).isEqualTo("Documents for your tax return");
                        assertThat(m.email().portalLink()).endsWith("/r/" + FIRM + "/" + REQUEST);
                    });
                    assertThat(f.request().delivery()).extracting(Delivery::state, Delivery::recipients)
                            .containsExactly(DeliveryState.SENT, 2);
                }));
        // ClientRequestReminded: the reminder, email 2 of the request, goes to both contacts, saying what it is
        SCENARIOS.put("RequestDeliveryFunction/client-request-reminded.json", new Scenario(
                f -> f.request(RequestStatus.PENDING, DeliveryState.SENT).job(MISSING_INFO, 2, Set.of(REQUEST))
                        .changeRequest(r -> r.reminded(Instant.parse("2025-03-17T10:00:00Z"))),
                (f, output) -> {
                    assertThat(f.runtime.outbox().messages()).extracting(m -> m.email().to())
                            .containsExactlyInAnyOrder("maria@rossi.example", "luca@rossi.example");
                    assertThat(f.runtime.outbox().messages()).allSatisfy(m -> {
                        assertThat(m.email().kind()).isEqualTo(EmailKind.REMINDER);
                        assertThat(m.email().subject()).isEqualTo("Reminder: Documents for your tax return");
                    });
                    assertThat(f.request().delivery()).extracting(Delivery::number, Delivery::state)
                            .containsExactly(2, DeliveryState.SENT);
                }));
        // The schedule's tick: a reminder that came due is taken and its email queued
        SCENARIOS.put("ReminderSweepFunction/scheduled-tick.json", new Scenario(
                f -> f.request(RequestStatus.PENDING, DeliveryState.SENT).job(MISSING_INFO, 2, Set.of(REQUEST))
                        .changeRequest(r -> r.withReminderSettings(new ReminderSettings(3, 1))),
                (f, output) -> {
                    assertThat(f.request().reminders().sent()).isEqualTo(1);
                    assertThat(f.request().reminders().nextAt()).as("one reminder in all").isNull();
                    assertThat(f.request().delivery()).extracting(Delivery::kind, Delivery::number, Delivery::state)
                            .containsExactly(EmailKind.REMINDER, 2, DeliveryState.QUEUED);
                }));
        // ClientRequestLinked: its entry goes into the firm's trail, the job's and the request's, naming who linked
        SCENARIOS.put("ActivityTrailFunction/client-request-linked.json", new Scenario(
                f -> f.request(RequestStatus.PENDING, DeliveryState.SENT).job(MISSING_INFO, 2, Set.of(REQUEST)),
                (f, output) -> {
                    var trail = f.trail;
                    var page = io.automove.usecases.ports.PageRequest.first(10);
                    for (var entries : List.of(trail.ofFirm(FIRM, page), trail.ofJob(FIRM, JOB, page),
                            trail.ofRequest(FIRM, REQUEST, page))) {
                        assertThat(entries.items()).singleElement().satisfies(e -> {
                            assertThat(e.kind()).isEqualTo("ClientRequestLinked");
                            assertThat(e.actor().id()).isEqualTo(OWNER);
                            assertThat(e.details()).containsEntry("via", "JOB_CARD");
                            assertThat(e.at()).isEqualTo(Instant.parse("2025-03-17T14:06:01.482913Z"));
                        });
                    }
                }));
        // ClientRequestSubmitted: the last unfinished request of a job in an automove stage moves it on
        SCENARIOS.put("AutomoveFunction/client-request-submitted.json", new Scenario(
                f -> f.request(RequestStatus.SUBMITTED, DeliveryState.SENT).job(MISSING_INFO, 2, Set.of(REQUEST)),
                (f, output) -> assertThat(f.job()).extracting(Job::stageId, Job::stageVersion)
                        .containsExactly(REVIEW, 3L)));
        // The job's INSERT (created in Intake) then its MODIFY (moved to Missing info): each publishes the events its
        // new image carries and its old image did not, so JobStageChanged v1 goes out once, not twice
        SCENARIOS.put("OutboxRelayFunction/job-created-then-moved.json", new Scenario(NOTHING_MORE, (f, output) -> {
            assertThat(Stack.at(Json.parse(output), "batchItemFailures").asArray()).isEmpty();
            List<DomainEvent> published = f.runtime.bus().published().stream().map(Json::parse)
                    .map(e -> EventCodec.decode(text(e, "detail-type"), Stack.at(e, "detail"))).toList();
            assertThat(published).containsExactly(
                    new JobStageChanged(FIRM, JOB, ACCOUNT, PIPELINE, null, INTAKE, 1, List.of(), MoveCause.CREATED, OWNER),
                    new JobStageChanged(FIRM, JOB, ACCOUNT, PIPELINE, INTAKE, MISSING_INFO, 2,
                            List.of(StageAutomation.sendClientRequest(TPL)), MoveCause.MANUAL, OWNER));
        }));
    }

    // ------------------------------------------------------------------------------------------------------------
    // The tests
    // ------------------------------------------------------------------------------------------------------------

    /** Every file under events/, as a path relative to it ("WorkflowApiFunction/create-job.json"). */
    static Stream<String> eventFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(EVENTS)) {
            List<String> files = walk.filter(Files::isRegularFile)
                    .map(p -> EVENTS.relativize(p).toString().replace('\\', '/')).sorted().toList();
            assertThat(files).as("files under %s", EVENTS.toAbsolutePath()).isNotEmpty();
            return files.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void eventFile_runThroughItsFunctionOnDynamoDbLocal_hasItsDocumentedEffect(String relative) throws Exception {
        // GIVEN the function the folder names, and the firm configuration plus what the event refers to
        Template.Function function = functionOf(relative);
        Scenario scenario = SCENARIOS.get(relative);
        assertThat(scenario).as("events/%s is not exercised: give it a scenario in EventsFolderTest.SCENARIOS", relative)
                .isNotNull();
        String event = Files.readString(EVENTS.resolve(relative));
        try (Fixtures f = new Fixtures(clockFor(event))) {
            f.firmConfigured();
            scenario.given().seed(f);

            // WHEN the function gets the file's bytes, as Lambda hands them over
            String output = f.runtime.invoke(function.logicalId(), event);

            // THEN it answers with success and the change it exists for is there
            scenario.then().check(f, output);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void eventFile_deserializedByAwsLambdaSerialization_keepsWhatTheFunctionReads(String relative) throws Exception {
        // GIVEN the file and what triggers its function in the template
        Template.Function function = functionOf(relative);
        String file = EVENTS.resolve(relative).toAbsolutePath().toString();
        JsonNode raw = Json.parse(Files.readString(EVENTS.resolve(relative)));

        // WHEN / THEN AWS's own loader (aws-lambda-java-tests, on the runtime's serializers) reads it into the typed
        // event of that trigger, key fields intact
        switch (triggerOf(function)) {
            case HTTP -> checkHttpEvent(function, raw, EventLoader.loadApiGatewayHttpEvent(file));
            case BUS -> checkBusEvent(function, raw, EventLoader.loadScheduledEvent(file));
            case SCHEDULE -> checkScheduleTick(raw, EventLoader.loadScheduledEvent(file));
            case STREAM -> checkStreamEvent(function, raw, EventLoader.loadDynamoDbEvent(file));
        }
    }

    @Test
    void everyRouteRuleAndStreamOfTheTemplate_hasAnEventFileInItsFunctionsFolder() throws Exception {
        // GIVEN the route keys and detail-types the files of each folder carry
        Map<String, Set<String>> routeKeysByFunction = new LinkedHashMap<>();
        Map<String, Set<String>> rulesHitByFunction = new LinkedHashMap<>();
        Set<String> streamFolders = new LinkedHashSet<>();
        Set<String> scheduleFolders = new LinkedHashSet<>();
        LocalBus bus = busOfTheTemplate();
        for (String relative : eventFiles().toList()) {
            String functionId = relative.substring(0, relative.indexOf('/'));
            JsonNode raw = Json.parse(Files.readString(EVENTS.resolve(relative)));
            raw.field("routeKey").ifPresent(k -> routeKeysByFunction.computeIfAbsent(functionId, x -> new LinkedHashSet<>())
                    .add(k.asString()));
            if (raw.field("detail-type").isPresent()) {
                rulesHitByFunction.computeIfAbsent(functionId, x -> new LinkedHashSet<>())
                        .addAll(bus.matchingRules(raw.toString()));
            }
            if (raw.field("Records").isPresent()) streamFolders.add(functionId);
            if (raw.field("detail-type").map(JsonNode::asString).filter("Scheduled Event"::equals).isPresent()) {
                scheduleFolders.add(functionId);
            }
        }

        // THEN each trigger of each function is covered by a file of its own folder
        for (Template.Function f : TEMPLATE.functions()) {
            assertThat(routeKeysByFunction.getOrDefault(f.logicalId(), Set.of())).as("route keys in events/%s", f.logicalId())
                    .containsAll(f.routes().stream().map(Template.HttpRoute::routeKey).toList());
            assertThat(rulesHitByFunction.getOrDefault(f.logicalId(), Set.of())).as("rules hit by events/%s", f.logicalId())
                    .containsAll(f.rules().stream().map(Template.BusRule::name).toList());
            if (!f.streams().isEmpty()) assertThat(streamFolders).as("stream events").contains(f.logicalId());
            if (!f.schedules().isEmpty()) assertThat(scheduleFolders).as("schedule ticks").contains(f.logicalId());
        }
    }

    @Test
    void everyScenario_hasItsEventFile() throws Exception {
        // a scenario whose file was renamed or deleted would otherwise pass silently forever
        assertThat(eventFiles().toList()).containsAll(SCENARIOS.keySet());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void signWebhookEventScript_resignsWithTheCurrentTime_soTheFunctionAcceptsTheEventNow(@TempDir Path dir)
            throws Exception {
        // GIVEN a copy of the webhook event, its signature stale by now
        assumeTrue(onPath("openssl"), "openssl is not installed");
        Path original = EVENTS.resolve("PortalWebhookFunction/submit.json");
        Path copy = Files.copy(original, dir.resolve("submit.json"));

        // WHEN the script re-signs it
        Process p = new ProcessBuilder("bash", "scripts/sign-webhook-event", copy.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();

        // THEN only the signature changed, it is valid now, and the function on a real clock accepts the event
        JsonNode before = Json.parse(Files.readString(original));
        JsonNode after = Json.parse(Files.readString(copy));
        assertThat(text(after, "body")).isEqualTo(text(before, "body"));
        assertThat(withoutSignature(Files.readString(copy))).isEqualTo(withoutSignature(Files.readString(original)));
        String signature = after.field("headers").flatMap(h -> h.field("x-portal-signature")).orElseThrow().asString();
        assertThatCode(() -> PortalSignature.verify(signature, text(after, "body"), List.of(Stack.SECRET), Instant.now()))
                .doesNotThrowAnyException();
        try (Fixtures f = new Fixtures(Clock.systemUTC())) {
            f.firmConfigured().request(RequestStatus.PENDING, DeliveryState.SENT).job(MISSING_INFO, 2, Set.of(REQUEST));
            String output = f.runtime.invoke("PortalWebhookFunction", Files.readString(copy));
            assertThat(Stack.at(Json.parse(output), "statusCode").asNumber()).as(output).isEqualTo("200");
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Realism checks, by trigger
    // ------------------------------------------------------------------------------------------------------------

    enum Trigger { HTTP, BUS, STREAM, SCHEDULE }

    static Trigger triggerOf(Template.Function f) {
        List<Trigger> triggers = new ArrayList<>();
        if (!f.routes().isEmpty()) triggers.add(Trigger.HTTP);
        if (!f.rules().isEmpty()) triggers.add(Trigger.BUS);
        if (!f.streams().isEmpty()) triggers.add(Trigger.STREAM);
        if (!f.schedules().isEmpty()) triggers.add(Trigger.SCHEDULE);
        assertThat(triggers).as("kinds of trigger of %s", f.logicalId()).hasSize(1);
        return triggers.get(0);
    }

    private static final DateTimeFormatter HTTP_API_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US);

    static void checkHttpEvent(Template.Function function, JsonNode raw, APIGatewayV2HTTPEvent e) {
        assertThat(e.getVersion()).isEqualTo("2.0");
        Template.HttpRoute route = function.routes().stream().filter(r -> r.routeKey().equals(e.getRouteKey())).findFirst()
                .orElseThrow(() -> new AssertionError("routeKey " + e.getRouteKey() + " is not a route of "
                        + function.logicalId() + ": " + function.routes()));
        var context = e.getRequestContext();
        assertThat(context.getRouteKey()).isEqualTo(route.routeKey());
        assertThat(context.getHttp().getMethod()).isEqualTo(route.method());
        assertThat(context.getStage()).isEqualTo("$default");
        assertThat(context.getRequestId()).isNotBlank();
        assertThat(context.getAccountId()).matches("\\d{12}");
        assertThat(context.getDomainName()).isEqualTo(context.getApiId() + ".execute-api.eu-west-1.amazonaws.com")
                .isEqualTo(e.getHeaders().get("host"));
        assertThat(Instant.ofEpochMilli(context.getTimeEpoch()))
                .isEqualTo(HTTP_API_TIME.parse(context.getTime(), Instant::from));

        // the path: rawPath is the route's path with the path parameters in it
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(route.path());
        while (m.find()) names.add(m.group(1));
        Map<String, String> params = e.getPathParameters() == null ? Map.of() : e.getPathParameters();
        assertThat(params.keySet()).as("pathParameters").containsExactlyInAnyOrderElementsOf(names);
        String expectedPath = route.path();
        for (String name : names) expectedPath = expectedPath.replace("{" + name + "}", params.get(name));
        assertThat(e.getRawPath()).isEqualTo(expectedPath).isEqualTo(context.getHttp().getPath());

        // the query: queryStringParameters are the rawQueryString decoded, and absent when it is empty
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : e.getRawQueryString().split("&")) {
            if (pair.isEmpty()) continue;
            String[] kv = pair.split("=", 2);
            query.merge(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "", (a, b) -> a + "," + b);
        }
        if (query.isEmpty()) {
            assertThat(e.getQueryStringParameters()).as("queryStringParameters without a query").isNull();
        } else {
            assertThat(e.getQueryStringParameters()).isEqualTo(query);
        }

        // headers: lower case, as the HTTP API passes them on; a body only on writes, with its true length
        assertThat(e.getHeaders().keySet()).allSatisfy(h -> assertThat(h).isEqualTo(h.toLowerCase(Locale.ROOT)));
        String body = raw.field("body").filter(b -> !b.isNull()).map(JsonNode::asString).orElse(null);
        assertThat(e.getBody()).isEqualTo(body);
        assertThat(e.getIsBase64Encoded()).isFalse();
        if (!Set.of("POST", "PUT", "PATCH").contains(route.method())) {
            assertThat(body).as("a %s has no body", route.method()).isNull();
            assertThat(e.getHeaders()).doesNotContainKey("content-length");
        } else {
            assertThat(body).as("body").isNotNull();
            assertThat(Json.parse(body).isObject()).as("the body is a JSON object").isTrue();
            assertThat(e.getHeaders()).containsEntry("content-type", "application/json")
                    .containsEntry("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        }

        // the caller: JWT claims on authorized routes, as the token in the Authorization header says
        if (route.authorized()) {
            Map<String, String> claims = context.getAuthorizer().getJwt().getClaims();
            assertThat(claims).containsEntry("sub", OWNER).containsEntry("firmId", FIRM);
            String authorization = e.getHeaders().get("authorization");
            assertThat(authorization).startsWith("Bearer ");
            String[] jwt = authorization.substring("Bearer ".length()).split("\\.");
            assertThat(jwt).hasSize(3);
            JsonNode payload = Json.parse(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
            Map<String, String> tokenClaims = new LinkedHashMap<>();
            payload.asObject().forEach((k, v) -> tokenClaims.put(k, v.isString() ? v.asString() : v.asNumber()));
            assertThat(claims).isEqualTo(tokenClaims);
        } else {
            assertThat(context.getAuthorizer()).as("authorizer of an unauthorized route").isNull();
            assertThat(e.getHeaders()).containsKey("x-portal-signature").doesNotContainKey("authorization");
        }
    }

    /** What EventBridge sends on a schedule: a tick that names no firm, nothing for the function to trust. */
    static void checkScheduleTick(JsonNode raw, ScheduledEvent e) {
        assertThat(e.getDetailType()).isEqualTo("Scheduled Event");
        assertThat(e.getSource()).isEqualTo("aws.events");
        assertThat(e.getTime().getMillis()).isEqualTo(Instant.parse(text(raw, "time")).toEpochMilli());
        assertThat(e.getDetail()).isEmpty();
    }

    static void checkBusEvent(Template.Function function, JsonNode raw, ScheduledEvent e) {
        assertThat(e.getDetailType()).isEqualTo(text(raw, "detail-type"));
        assertThat(e.getSource()).isEqualTo(EventCodec.SOURCE);
        assertThat(e.getVersion()).isEqualTo("0");
        assertThat(e.getId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(e.getAccount()).matches("\\d{12}");
        assertThat(e.getRegion()).isEqualTo("eu-west-1");
        assertThat(e.getTime()).isNotNull();
        assertThat(e.getTime().getMillis()).isEqualTo(Instant.parse(text(raw, "time")).toEpochMilli());
        assertThat(e.getResources()).isNotNull();
        assertThat(e.getDetail()).containsEntry("firmId", FIRM);
        // the detail is what EventCodec writes for that detail-type, and the envelope matches the function's rule
        assertThatCode(() -> EventCodec.decode(e.getDetailType(), Stack.at(raw, "detail"))).doesNotThrowAnyException();
        assertThat(busOfTheTemplate().matchingRules(raw.toString()))
                .containsAnyElementsOf(function.rules().stream().map(Template.BusRule::name).toList());
    }

    static void checkStreamEvent(Template.Function function, JsonNode raw, DynamodbEvent e) throws Exception {
        List<JsonNode> rawRecords = Stack.at(raw, "Records").asArray();
        assertThat(e.getRecords()).hasSameSizeAs(rawRecords).isNotEmpty();
        GenericMachine<String> filter = new GenericMachine<>();
        List<String> patterns = function.streams().get(0).filterPatterns();
        for (int i = 0; i < patterns.size(); i++) filter.addRule("filter" + i, patterns.get(i));
        List<String> sequences = new ArrayList<>();
        for (int i = 0; i < rawRecords.size(); i++) {
            DynamodbEvent.DynamodbStreamRecord r = e.getRecords().get(i);
            JsonNode rawRecord = rawRecords.get(i);
            assertThat(r.getEventSource()).isEqualTo("aws:dynamodb");
            assertThat(r.getEventName()).isIn("INSERT", "MODIFY");
            assertThat(r.getEventSourceARN()).matches("arn:aws:dynamodb:eu-west-1:\\d{12}:table/[^/]+/stream/.+");
            var d = r.getDynamodb();
            assertThat(d.getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
            assertThat(d.getSequenceNumber()).matches("\\d+");
            sequences.add(d.getSequenceNumber());
            assertThat(d.getApproximateCreationDateTime().toInstant()).as("ApproximateCreationDateTime, epoch seconds")
                    .isEqualTo(Instant.ofEpochSecond(Long.parseLong(Stack.at(rawRecord, "dynamodb.ApproximateCreationDateTime").asNumber())));
            assertThat(d.getSizeBytes()).isPositive();
            assertThat(d.getKeys()).containsOnlyKeys("PK", "SK");
            assertThat(d.getNewImage().get("PK").getS()).isEqualTo(d.getKeys().get("PK").getS());
            assertThat(d.getNewImage().get("outbox").getS()).isEqualTo(text(rawRecord, "dynamodb.NewImage.outbox.S"));
            assertThatCode(() -> EventCodec.readOutbox(d.getNewImage().get("outbox").getS())).doesNotThrowAnyException();
            if (r.getEventName().equals("INSERT")) {
                assertThat(d.getOldImage()).as("old image of an INSERT").isNull();
            } else {
                assertThat(d.getOldImage()).as("old image of a MODIFY").isNotNull();
            }
            // Lambda's event filtering of the template would pass this record on to the function
            assertThat(filter.rulesForJSONEvent(rawRecord.toString())).as("filter match of record %d", i).isNotEmpty();
        }
        assertThat(sequences).as("sequence numbers in stream order")
                .isSortedAccordingTo((a, b) -> new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b)));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Fixtures and helpers
    // ------------------------------------------------------------------------------------------------------------

    /** A fresh local stack and the ports of its table, for storing what an event refers to. */
    static final class Fixtures implements AutoCloseable {
        final LocalStack runtime;
        final DynamoDirectory directory;
        final DynamoWorkflowStore store;
        final io.automove.adapters.dynamodb.DynamoActivityTrail trail;

        Fixtures(Clock clock) {
            runtime = new LocalStack(Options.defaults(TEMPLATE_FILE).clock(clock));
            directory = new DynamoDirectory(runtime.dynamo(), runtime.tableName());
            store = new DynamoWorkflowStore(runtime.dynamo(), runtime.tableName());
            trail = new io.automove.adapters.dynamodb.DynamoActivityTrail(runtime.dynamo(), runtime.tableName());
        }

        /** The same fixtures on any table (the emulator tier seeds DynamoDB Local over HTTP with them). */
        Fixtures(software.amazon.awssdk.services.dynamodb.DynamoDbClient client, String table) {
            runtime = null;
            directory = new DynamoDirectory(client, table);
            store = new DynamoWorkflowStore(client, table);
            trail = new io.automove.adapters.dynamodb.DynamoActivityTrail(client, table);
        }

        /** Bianchi Tax Advisors: owner, account Rossi & Co, template Missing documents, pipeline Tax return. */
        Fixtures firmConfigured() {
            assertThat(directory.createFirm(new Firm(FIRM, "Bianchi Tax Advisors", OWNER),
                    new Member(FIRM, OWNER, Role.OWNER, Set.of()))).isTrue();
            assertThat(directory.createAccount(new Account(FIRM, ACCOUNT, "Rossi & Co",
                    List.of(new Contact("Maria Rossi", "maria@rossi.example"), new Contact("Luca Rossi", "luca@rossi.example")),
                    Set.of()))).isTrue();
            assertThat(directory.createTemplate(new RequestTemplate(FIRM, TPL, "Missing documents",
                    "Documents for your tax return", "Please send us the documents below.", ITEMS))).isTrue();
            assertThat(directory.createPipeline(new Pipeline(FIRM, PIPELINE, "Tax return", List.of(
                    new Stage(INTAKE, "Intake", false, List.of()),
                    new Stage(MISSING_INFO, "Missing info", true, List.of(StageAutomation.sendClientRequest(TPL))),
                    new Stage(REVIEW, "Review", false, List.of()),
                    new Stage(DONE, "Done", false, List.of())), 0))).isTrue();
            return this;
        }

        /** {@code userId}, an employee of the firm. */
        Fixtures employee(String userId) {
            directory.writeMembers(List.of(new io.automove.usecases.ports.Directory.MemberWrite(
                    io.automove.usecases.ports.Directory.MemberState.none(), new Member(FIRM, userId, Role.EMPLOYEE, Set.of()),
                    false, new DomainEvent.MemberAdded(FIRM, userId, Role.EMPLOYEE, List.of(), OWNER, 1))));
            return this;
        }

        /** job_demo, in {@code stageId} since its {@code stageVersion}-th stage entry, awaiting all its requests. */
        Fixtures job(String stageId, long stageVersion, Set<String> requestIds) {
            Instant entered = stageVersion == 1 ? JOB_CREATED : JOB_MOVED;
            store.commit(Changes.of().createJob(new Job(FIRM, JOB, ACCOUNT, PIPELINE, "Tax return 2025 - Rossi & Co",
                    stageId, stageVersion, requestIds, requestIds, JOB_CREATED, entered, 0)));
            return this;
        }

        /**
         * The trail of job_demo so far: created in Intake, moved by the owner into {@code stageId}, and, when req_demo
         * exists, that stage's automation made it.
         */
        Fixtures movedInto(String stageId) {
            var record = new io.automove.usecases.RecordActivity(trail);
            record.record(new JobStageChanged(FIRM, JOB, ACCOUNT, PIPELINE, null, INTAKE, 1, List.of(), MoveCause.CREATED,
                    OWNER), JOB_CREATED, 0);
            record.record(new JobStageChanged(FIRM, JOB, ACCOUNT, PIPELINE, INTAKE, stageId, 2, List.of(), MoveCause.MANUAL,
                    OWNER), JOB_MOVED, 0);
            if (store.clientRequest(FIRM, REQUEST, Read.CONSISTENT).isPresent()) {
                record.record(new DomainEvent.ClientRequestCreated(FIRM, REQUEST, ACCOUNT, List.of(JOB), null, stageId),
                        REQUEST_CREATED, 0);
            }
            return this;
        }

        /** req_demo, the Missing documents request of job_demo. */
        Fixtures request(RequestStatus status, DeliveryState delivery) { return request(status, delivery, Set.of(JOB)); }

        /** req_demo, a Missing documents request linked to {@code jobIds}. */
        Fixtures request(RequestStatus status, DeliveryState delivery, Set<String> jobIds) {
            boolean submitted = status == RequestStatus.SUBMITTED;
            store.commit(Changes.of().createRequest(new ClientRequest(FIRM, REQUEST, ACCOUNT, TPL, "Missing documents",
                    "Documents for your tax return", "Please send us the documents below.", ITEMS, status, jobIds,
                    new Delivery(delivery, null, REQUEST_CREATED, delivery == DeliveryState.SENT ? 2 : 0, Set.of()), "automation",
                    REQUEST_CREATED, submitted ? REQUEST_SUBMITTED : null, submitted ? "evt_01JPGB3X7K2M9Q4R8T6V0W5Y1Z" : null,
                    submitted ? List.of(new Answer("Bank statements", "uploaded:bank-statements-2024.pdf")) : List.of(),
                    delivery == DeliveryState.SENT || delivery == DeliveryState.UNCONFIRMED
                            ? Reminders.of(ReminderSettings.DEFAULT).startingAt(REQUEST_CREATED)
                            : Reminders.of(ReminderSettings.DEFAULT), null, false, null, null, 0)));
            return this;
        }

        Job job() { return store.job(FIRM, JOB, Read.CONSISTENT).orElseThrow(); }

        ClientRequest request() { return store.clientRequest(FIRM, REQUEST, Read.CONSISTENT).orElseThrow(); }

        /** req_demo changed as {@code change} says, as a use case would have stored it. */
        Fixtures changeRequest(java.util.function.UnaryOperator<ClientRequest> change) {
            ClientRequest r = request();
            store.commit(Changes.of().updateRequest(r, change.apply(r)));
            return this;
        }

        /** job_demo archived. */
        Fixtures archived() {
            Job j = job();
            store.commit(Changes.of().updateJob(j, j.withArchived(true)));
            return this;
        }

        @Override
        public void close() {
            if (runtime != null) runtime.close();
        }
    }

    static final List<RequestItem> ITEMS = List.of(new RequestItem(ItemKind.FILE_UPLOAD, "Bank statements", true),
            new RequestItem(ItemKind.QUESTION, "Did you move house this year?", false));

    /** The folder names the function: events/&lt;FunctionLogicalId&gt;/&lt;case&gt;.json, nothing deeper. */
    static Template.Function functionOf(String relative) {
        String[] parts = relative.split("/");
        assertThat(parts).as("events/%s is not events/<FunctionLogicalId>/<case>.json", relative).hasSize(2);
        assertThat(parts[1]).as("file name").endsWith(".json");
        Optional<Template.Function> function = TEMPLATE.functions().stream()
                .filter(f -> f.logicalId().equals(parts[0])).findFirst();
        assertThat(function).as("function %s of events/%s in %s", parts[0], relative, TEMPLATE_FILE).isPresent();
        return function.get();
    }

    /** The webhook's signature is only valid near its own timestamp: run those events at that time. */
    static Clock clockFor(String event) {
        JsonNode parsed = Json.parse(event);
        if (parsed.field("detail-type").map(JsonNode::asString).filter("Scheduled Event"::equals).isPresent()) {
            return Clock.fixed(Instant.parse(text(parsed, "time")), ZoneOffset.UTC); // the tick's own time
        }
        Optional<String> signature = Json.parse(event).field("headers").flatMap(h -> h.field("x-portal-signature"))
                .map(JsonNode::asString);
        if (signature.isEmpty()) return Clock.systemUTC();
        Matcher t = Pattern.compile("(?:^|,)\\s*t=(\\d+)").matcher(signature.get());
        assertThat(t.find()).as("timestamp in %s", signature.get()).isTrue();
        return Clock.fixed(Instant.ofEpochSecond(Long.parseLong(t.group(1))), ZoneOffset.UTC);
    }

    /** A bus with the template's rules and no targets, to see which rules an envelope matches. */
    static LocalBus busOfTheTemplate() {
        LocalBus bus = new LocalBus((functionId, json) -> {}, Clock.systemUTC(), null, 0);
        for (Template.Function f : TEMPLATE.functions()) {
            for (Template.BusRule r : f.rules()) bus.addRule(r.name(), f.logicalId(), r.pattern());
        }
        return bus;
    }

    static String decode(String s) { return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8); }

    static String withoutSignature(String json) {
        return json.lines().filter(l -> !l.contains("\"x-portal-signature\"")).collect(Collectors.joining("\n"));
    }

    static boolean onPath(String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "command -v " + command).start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
