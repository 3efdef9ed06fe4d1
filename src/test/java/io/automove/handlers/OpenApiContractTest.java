package io.automove.handlers;

import io.automove.localstack.HttpApi.Response;
import io.automove.localstack.Template;
import io.automove.model.AutomationType;
import io.automove.model.DeliveryState;
import io.automove.model.EmailKind;
import io.automove.model.ItemKind;
import io.automove.usecases.MoveJob;
import io.automove.model.RequestStatus;
import io.automove.model.Right;
import io.automove.model.Role;
import io.automove.support.Json;
import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Keeps docs/openapi.yaml honest: its routes are the template's, every error code it names is one the code
 * sends (and the other way round), its enums are the domain's, and the real stack, driven in-process through
 * every route, answers with exactly the statuses, fields, codes and headers the document declares.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractTest {
    private static final Path DOC = Path.of("docs/openapi.yaml");
    private static final Path MAIN = Path.of("src/main/java");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    /** A backticked upper-case token in a description: `UNFINISHED_REQUESTS`. */
    private static final Pattern TOKEN = Pattern.compile("`([A-Z][A-Z0-9_]*)`");
    /**
     * A Java string literal, escapes included: a literal holding a backslash ("-?\\d{1,9}") must not shift every
     * later literal of its file by one quote.
     */
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\n]|\\\\.)*)\"");

    private Map<String, Object> doc;
    private Stack stack;
    private Firm firm;
    /** "METHOD /path status" of every answer the in-process calls checked. */
    private final Set<String> exercised = new TreeSet<>();

    @BeforeAll
    void load() throws IOException {
        try (Reader reader = Files.newBufferedReader(DOC, StandardCharsets.UTF_8)) {
            doc = map(new Yaml().load(reader));
        }
        stack = new Stack();
        firm = new Firm(stack);
    }

    @AfterAll
    void close() { if (stack != null) stack.close(); }

    // ------------------------------------------------------------------ (1) routes

    @Test
    void theDocumentsRoutes_areExactlyTheHttpApiRoutesOfTheTemplate() {
        Set<String> inTemplate = templateRoutes().stream().map(Template.HttpRoute::routeKey).collect(Collectors.toCollection(TreeSet::new));
        assertThat(inTemplate).hasSizeGreaterThanOrEqualTo(18);
        assertThat(documentedRoutes()).isEqualTo(inTemplate);
    }

    @Test
    void security_andPathParameters_matchTheTemplate() {
        assertThat(map(map(doc.get("components")).get("securitySchemes"))).containsKey("firmJwt");
        assertThat(doc.get("security")).isEqualTo(List.of(Map.of("firmJwt", List.of())));
        for (Template.HttpRoute route : templateRoutes()) {
            Map<String, Object> op = operation(route.method(), route.path());
            if (route.authorized()) {
                assertThat(op).as(route.routeKey() + " inherits the JWT scheme").doesNotContainKey("security");
            } else {
                assertThat(op.get("security")).as(route.routeKey() + " has no JWT").isEqualTo(List.of());
                assertThat(parameters(route.path(), op)).as(route.routeKey())
                        .anySatisfy(p -> {
                            assertThat(p.get("name")).isEqualTo("X-Portal-Signature");
                            assertThat(p.get("in")).isEqualTo("header");
                            assertThat(p.get("required")).isEqualTo(true);
                        });
            }
            Set<String> inPath = new TreeSet<>();
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(route.path());
            while (m.find()) inPath.add(m.group(1));
            Set<String> declared = parameters(route.path(), op).stream().filter(p -> "path".equals(p.get("in")))
                    .peek(p -> assertThat(p.get("required")).as(route.routeKey() + " " + p.get("name")).isEqualTo(true))
                    .map(p -> (String) p.get("name")).collect(Collectors.toCollection(TreeSet::new));
            assertThat(declared).as(route.routeKey() + " path parameters").isEqualTo(inPath);
        }
    }

    // ------------------------------------------------------------------ (2) error codes and enums

    @Test
    void everyErrorCodeTheDocumentNames_isSentSomewhereInTheSources() throws IOException {
        Set<String> literals = sourceLiterals();
        Set<String> derived = derivedNotFoundCodes();
        List<String> codes = errorCodes();
        assertThat(codes).hasSizeGreaterThanOrEqualTo(30).doesNotHaveDuplicates();
        for (String code : codes) {
            assertThat(literals.contains(code) || derived.contains(code))
                    .as(code + " is in the document but nowhere under src/main/java").isTrue();
        }
    }

    @Test
    void everyErrorCodeTheSourcesSend_isInTheDocument() throws IOException {
        Set<String> sent = sentCodes();
        assertThat(sent).hasSizeGreaterThanOrEqualTo(30).contains("UNFINISHED_REQUESTS", "INVALID_SIGNATURE", "JOB_NOT_FOUND");
        assertThat(errorCodes()).containsAll(sent);
    }

    @Test
    void everyUpperCaseTokenInADescription_isAnErrorCodeOrAnEnumValueOfTheDocument() throws IOException {
        Set<String> enumValues = new TreeSet<>();
        walk(doc, (key, value) -> {
            if ("enum".equals(key)) ((List<?>) value).forEach(v -> enumValues.add(String.valueOf(v)));
        });
        List<String> descriptions = new ArrayList<>();
        walk(doc, (key, value) -> {
            if ("description".equals(key) && value instanceof String s) descriptions.add(s);
        });
        descriptions.add((String) map(doc.get("info")).get("description"));
        Set<String> tokens = new TreeSet<>();
        descriptions.forEach(d -> tokens.addAll(tokens(d)));
        assertThat(tokens).contains("AUTOMOVE_ON_LAST_STAGE", "UNFINISHED_REQUESTS", "ACCOUNT_MISMATCH", "SAME_STAGE",
                "UNKNOWN_STAGE", "INVALID_SIGNATURE", "STALE_SIGNATURE", "REQUEST_CANCELLED", "REQUEST_ALREADY_SUBMITTED");
        assertThat(enumValues).containsAll(tokens);

        // and every enum value of the document is something the sources really produce or accept
        Set<String> known = new TreeSet<>(sourceLiterals0(STRING_LITERAL));
        known.addAll(derivedNotFoundCodes());
        for (Class<? extends Enum<?>> e : List.<Class<? extends Enum<?>>>of(Role.class, Right.class, ItemKind.class,
                AutomationType.class, MoveJob.UnfinishedRequests.class, RequestStatus.class, DeliveryState.class,
                io.automove.model.SkippedAutomation.Reason.class, EmailKind.class, io.automove.model.Activity.Actor.Type.class,
                io.automove.model.DomainEvent.LinkVia.class)) {
            Arrays.stream(e.getEnumConstants()).forEach(c -> known.add(c.name()));
        }
        assertThat(known).containsAll(enumValues);
    }

    @Test
    void everyErrorResponse_namesItsCodes_andOnlyRealOnes() {
        List<String> codes = errorCodes();
        forEachOperation((key, op) -> map(op.get("responses")).forEach((status, r) -> {
            if (Integer.parseInt(status) < 400) return;
            Set<String> named = tokens(description(resolve(r)));
            assertThat(named).as(key + " " + status + " names its error codes").isNotEmpty();
            assertThat(codes).as(key + " " + status).containsAll(named);
        }));
    }

    @Test
    void theDocumentsEnums_areTheDomainsEnums() {
        Map<String, Class<? extends Enum<?>>> enums = new LinkedHashMap<>();
        enums.put("Role", Role.class);
        enums.put("Right", Right.class);
        enums.put("ItemKind", ItemKind.class);
        enums.put("AutomationType", AutomationType.class);
        enums.put("UnfinishedRequests", MoveJob.UnfinishedRequests.class);
        enums.put("RequestStatus", RequestStatus.class);
        enums.put("DeliveryState", DeliveryState.class);
        enums.put("EmailKind", EmailKind.class);
        enums.forEach((schema, type) -> assertThat(schema(schema).get("enum")).as(schema)
                .isEqualTo(Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
        assertThat(map(map(schema("PortalSubmission").get("properties")).get("type")).get("enum"))
                .isEqualTo(List.of(PortalWebhookHandler.EVENT_TYPE));
        assertThat(map(map(schema("SkippedAutomation").get("properties")).get("reason")).get("enum"))
                .isEqualTo(Arrays.stream(io.automove.model.SkippedAutomation.Reason.values()).map(Enum::name).toList());
        assertThat(schema("PortalSubmission").get("additionalProperties")).isEqualTo(true);
    }

    @Test
    void theDocumentsExamples_fitTheirSchemas() {
        forEachOperation((key, op) -> {
            Map<String, Object> body = map(op.get("requestBody"));
            if (!body.isEmpty()) examples(map(body.get("content"))).forEach(ex -> validate(requestSchema(key), ex, key + " request example"));
            map(op.get("responses")).forEach((status, r) -> {
                Map<String, Object> content = map(resolve(r).get("content"));
                Object schema = map(content.get("application/json")).get("schema");
                examples(content).forEach(ex -> validate(schema, ex, key + " " + status + " example"));
            });
        });
    }

    // ------------------------------------------------------------------ (3) the real stack

    @Test
    void theStory_everyRouteAnswersExactlyAsDocumented() {
        String owner = Firm.OWNER, f = firm.firmId;

        // firm set-up
        JsonNode created = ok(201, call(owner, null, "POST", "/firms", "/firms", Map.of("name", "Bianchi Tax Advisors"), Map.of()));
        exactly("POST", "/firms", 201, created);
        exactly("POST", "/members", 201, ok(201, call(owner, f, "POST", "/members", "/members",
                Map.of("userId", "marco", "role", "EMPLOYEE", "rights", List.of("VIEW_ALL_ACCOUNTS")), Map.of())));
        JsonNode account = ok(201, call(owner, f, "POST", "/accounts", "/accounts", Map.of("name", "Rossi & Co",
                "contacts", List.of(Map.of("name", "Maria Rossi", "email", "maria@rossi.example")),
                "teamMemberIds", List.of("marco"), "tags", List.of("individual")), Map.of()));
        exactly("POST", "/accounts", 201, account);
        String accountId = text(account, "accountId");
        JsonNode template = ok(201, call(owner, f, "POST", "/request-templates", "/request-templates", Map.of(
                "name", "Missing documents", "subject", "Documents for your tax return", "message", "Please send us these.",
                "items", List.of(Map.of("kind", "FILE_UPLOAD", "label", "Bank statements", "required", true)),
                "reminders", Map.of("everyDays", 3, "times", 2), "dueInDays", 14), Map.of()));
        exactly("POST", "/request-templates", 201, template);
        String templateId = text(template, "templateId");

        // pipelines; the second automation of Missing info is for payroll clients only, which Rossi & Co is not
        JsonNode pipeline = ok(201, call(owner, f, "POST", "/pipelines", "/pipelines", Map.of("name", "Tax return",
                "stages", List.of(Map.of("name", "Intake"),
                        Map.of("name", "Missing info", "automove", true,
                                "automations", List.of(Map.of("type", "SEND_CLIENT_REQUEST", "templateId", templateId),
                                        Map.of("type", "SEND_CLIENT_REQUEST", "templateId", templateId,
                                                "reminders", Map.of("everyDays", 2, "times", 4), "dueInDays", 7,
                                                "conditions", Map.of("accountTags", List.of("payroll"))))),
                        Map.of("name", "Review"), Map.of("name", "Done"))), Map.of()));
        exactly("POST", "/pipelines", 201, pipeline);
        String pipelineId = text(pipeline, "pipelineId");
        String missingInfo = text(pipeline, "stages[1].stageId"), review = text(pipeline, "stages[2].stageId");
        exactly("GET", "/pipelines/{pipelineId}", 200,
                ok(200, call(owner, f, "GET", "/pipelines/{pipelineId}", "/pipelines/" + pipelineId, null, Map.of())));
        JsonNode patched = ok(200, call(owner, f, "PATCH", "/pipelines/{pipelineId}/stages/{stageId}",
                "/pipelines/" + pipelineId + "/stages/" + review, Map.of("name", "Review by partner", "automations",
                        List.of(Map.of("type", "SEND_CLIENT_REQUEST", "templateId", templateId, "dueInDays", 5,
                                "conditions", Map.of("accountTags", List.of("audit"))))), Map.of()));
        exactly("PATCH", "/pipelines/{pipelineId}/stages/{stageId}", 200, patched);
        assertThat(Stack.at(patched, "automations[0].dueInDays").asNumber()).isEqualTo("5");
        assertThat(Stack.at(patched, "automations[0].reminders").isNull()).isTrue();

        // jobs, with an Idempotency-Key replay
        Map<String, Object> newJob = Map.of("accountId", accountId, "pipelineId", pipelineId, "title", "Tax return 2025");
        String key = "story-" + UUID.randomUUID();
        Response first = call(owner, f, "POST", "/jobs", "/jobs", newJob, Map.of("Idempotency-Key", key));
        exactly("POST", "/jobs", 201, ok(201, first));
        assertThat(first.headers()).doesNotContainKey("idempotent-replayed");
        Response replay = call(owner, f, "POST", "/jobs", "/jobs", newJob, Map.of("Idempotency-Key", key));
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.headers()).containsEntry("idempotent-replayed", "true");
        String jobId = text(first.json(), "jobId");
        assertThat(text(replay.json(), "jobId")).isEqualTo(jobId);

        exactly("POST", "/jobs/{jobId}/move", 200, ok(200, call(owner, f, "POST", "/jobs/{jobId}/move",
                "/jobs/" + jobId + "/move", Map.of("toStageId", missingInfo), Map.of())));
        stack.settle();
        JsonNode card = ok(200, call(owner, f, "GET", "/jobs/{jobId}", "/jobs/" + jobId, null, Map.of()));
        exactly("GET", "/jobs/{jobId}", 200, card);
        String requestId = text(card, "linked.clientRequests[0].requestId");
        assertThat(card.field("linked").orElseThrow().field("clientRequests").orElseThrow().asArray()).hasSize(1);
        assertThat(text(card, "skippedAutomations[0].reason")).isEqualTo("CONDITIONS_NOT_MET");
        // the template's reminders, started by the email that went out, and its due date
        assertThat(Stack.at(card, "linked.clientRequests[0].reminders.times").asNumber()).isEqualTo("2");
        assertThat(Stack.at(card, "linked.clientRequests[0].reminders.nextAt").isNull()).isFalse();
        assertThat(Stack.at(card, "linked.clientRequests[0].dueAt").isNull()).isFalse();
        JsonNode firstScreen = ok(200, call(owner, f, "GET", "/pipelines/{pipelineId}/jobs",
                "/pipelines/" + pipelineId + "/jobs", null, Map.of()));
        exactly("GET", "/pipelines/{pipelineId}/jobs", 200, firstScreen);
        String aStage = text(firstScreen, "stages[1].stageId");
        exactly("GET", "/pipelines/{pipelineId}/jobs", 200, ok(200, call(owner, f, "GET", "/pipelines/{pipelineId}/jobs",
                "/pipelines/" + pipelineId + "/jobs?stageId=" + aStage + "&limit=1", null, Map.of())));

        // a pending request: every field but submittedAt and answers
        JsonNode pending = ok(200, call(owner, f, "GET", "/client-requests/{requestId}", "/client-requests/" + requestId, null, Map.of()));
        everyFieldButTheSubmission("GET", "/client-requests/{requestId}", pending);

        // from the job card: written on the spot (201), then linking an existing one (200)
        JsonNode written = ok(201, call(owner, f, "POST", "/jobs/{jobId}/client-requests", "/jobs/" + jobId + "/client-requests",
                Map.of("title", "Bookkeeping questions", "message", "A few questions on your books.",
                        "items", List.of(Map.of("kind", "QUESTION", "label", "Did you buy a car in 2025?", "required", true))),
                Map.of()));
        exactly("POST", "/jobs/{jobId}/client-requests", 201, written);
        String extraId = text(written, "requestId");

        // its life after it is sent: new reminders and a due date, an email again
        String dueAt = OffsetDateTime.now(java.time.ZoneOffset.ofHours(2)).plusDays(20).withNano(0).toString();
        JsonNode changed = ok(200, call(owner, f, "PATCH", "/client-requests/{requestId}", "/client-requests/" + extraId,
                Map.of("reminders", Map.of("everyDays", 2, "times", 3), "dueAt", dueAt), Map.of()));
        everyFieldButTheSubmission("PATCH", "/client-requests/{requestId}", changed);
        assertThat(Stack.at(changed, "reminders.everyDays").asNumber()).isEqualTo("2");
        assertThat(Instant.parse(text(changed, "dueAt"))).isEqualTo(OffsetDateTime.parse(dueAt).toInstant());
        stack.settle();
        JsonNode resent = ok(200, call(owner, f, "POST", "/client-requests/{requestId}/resend",
                "/client-requests/" + extraId + "/resend", null, Map.of()));
        everyFieldButTheSubmission("POST", "/client-requests/{requestId}/resend", resent);
        assertThat(text(resent, "lastEmail.kind")).isEqualTo("RESEND");
        assertThat(text(resent, "delivery")).isEqualTo("QUEUED");
        stack.settle();
        String loose = text(ok(201, call(owner, f, "POST", "/client-requests", "/client-requests",
                Map.of("accountId", accountId, "templateId", templateId), Map.of())), "requestId");
        exactly("POST", "/jobs/{jobId}/client-requests", 200, ok(200, call(owner, f, "POST",
                "/jobs/{jobId}/client-requests", "/jobs/" + jobId + "/client-requests", Map.of("requestId", loose), Map.of())));
        stack.settle();

        // the 409 of a move with unfinished requests
        Response conflict = call(owner, f, "POST", "/jobs/{jobId}/move", "/jobs/" + jobId + "/move", Map.of("toStageId", review), Map.of());
        assertThat(conflict.status()).isEqualTo(409);
        exactly("POST", "/jobs/{jobId}/move", 409, conflict.json());
        assertThat(text(conflict.json(), "error.code")).isEqualTo("UNFINISHED_REQUESTS");
        assertThat(conflict.json().field("unfinishedRequests").orElseThrow().asArray()).hasSize(3);

        // what the screens read of the firm, a page at a time
        JsonNode members = ok(200, call(owner, f, "GET", "/members", "/members?limit=1", null, Map.of()));
        exactly("GET", "/members", 200, members);
        String nextMembers = text(members, "nextCursor");
        exactly("GET", "/members", 200, ok(200, call(owner, f, "GET", "/members", "/members?limit=1&cursor=" + nextMembers,
                null, Map.of())));
        assertThat(code(call(owner, f, "GET", "/members", "/members?cursor=" + nextMembers + "x", null, Map.of()), 400))
                .isEqualTo("INVALID_CURSOR");
        assertThat(code(call(owner, f, "GET", "/members", "/members?limit=0", null, Map.of()), 400)).isEqualTo("INVALID_LIMIT");
        exactly("PATCH", "/members/{userId}", 200, ok(200, call(owner, f, "PATCH", "/members/{userId}", "/members/marco",
                Map.of("role", "ADMIN", "rights", List.of()), Map.of())));
        assertThat(code(call(owner, f, "PATCH", "/members/{userId}", "/members/" + owner, Map.of("role", "ADMIN"), Map.of()), 403))
                .isEqualTo("OWN_MEMBERSHIP");
        assertThat(code(call(owner, f, "DELETE", "/members/{userId}", "/members/" + owner, null, Map.of()), 403))
                .isEqualTo("OWNER_NOT_REMOVABLE");
        ok(201, call(owner, f, "POST", "/members", "/members", Map.of("userId", "leaving", "role", "EMPLOYEE"), Map.of()));
        Response removed = call(owner, f, "DELETE", "/members/{userId}", "/members/leaving", null, Map.of());
        assertThat(removed.status()).isEqualTo(204);
        assertThat(code(call(owner, f, "DELETE", "/members/{userId}", "/members/leaving", null, Map.of()), 404))
                .isEqualTo("MEMBER_NOT_FOUND");
        JsonNode accounts = ok(200, call(owner, f, "GET", "/accounts", "/accounts", null, Map.of()));
        exactly("GET", "/accounts", 200, accounts);
        JsonNode accountPage = ok(200, call(owner, f, "GET", "/accounts/{accountId}", "/accounts/" + accountId, null, Map.of()));
        exactly("GET", "/accounts/{accountId}", 200, accountPage);
        assertThat(text(accountPage, "jobs[0].jobId")).isEqualTo(jobId);
        JsonNode changedAccount = ok(200, call(owner, f, "PATCH", "/accounts/{accountId}", "/accounts/" + accountId,
                Map.of("tags", List.of("individual", "payroll")), Map.of()));
        exactly("PATCH", "/accounts/{accountId}", 200, changedAccount);
        assertThat(code(call(owner, f, "PATCH", "/accounts/{accountId}", "/accounts/" + accountId,
                Map.of("teamMemberIds", List.of("ghost")), Map.of()), 400)).isEqualTo("UNKNOWN_MEMBER");
        JsonNode accountJobs = ok(200, call(owner, f, "GET", "/accounts/{accountId}/jobs", "/accounts/" + accountId + "/jobs",
                null, Map.of()));
        exactly("GET", "/accounts/{accountId}/jobs", 200, accountJobs);
        exactly("GET", "/pipelines", 200, ok(200, call(owner, f, "GET", "/pipelines", "/pipelines", null, Map.of())));
        exactly("GET", "/request-templates", 200, ok(200, call(owner, f, "GET", "/request-templates", "/request-templates",
                null, Map.of())));
        exactly("GET", "/request-templates/{templateId}", 200, ok(200, call(owner, f, "GET", "/request-templates/{templateId}",
                "/request-templates/" + templateId, null, Map.of())));

        // the account's list
        JsonNode list = ok(200, call(owner, f, "GET", "/client-requests", "/client-requests?accountId=" + accountId, null, Map.of()));
        exactly("GET", "/client-requests", 200, list);
        assertThat(list.field("clientRequests").orElseThrow().asArray()).hasSize(3);
        Set<String> itemFields = new TreeSet<>(map(resolve(map(map(responseSchema("GET", "/client-requests", 200)
                .get("properties")).get("clientRequests")).get("items")).get("properties")).keySet());
        list.field("clientRequests").orElseThrow().asArray().forEach(item -> assertThat(fields(item)).isEqualTo(itemFields));
        // two at a time: a first page with a cursor, then the last one
        JsonNode page = ok(200, call(owner, f, "GET", "/client-requests", "/client-requests?accountId=" + accountId + "&limit=2",
                null, Map.of()));
        assertThat(page.field("clientRequests").orElseThrow().asArray()).hasSize(2);
        String cursor = text(page, "nextCursor");
        page = ok(200, call(owner, f, "GET", "/client-requests", "/client-requests?accountId=" + accountId + "&limit=2&cursor="
                + cursor, null, Map.of()));
        assertThat(page.field("clientRequests").orElseThrow().asArray()).hasSize(1);
        assertThat(page.field("nextCursor").orElseThrow().isNull()).isTrue();
        assertThat(code(call(owner, f, "GET", "/client-requests", "/client-requests?accountId=" + accountId + "&cursor=x"
                + cursor, null, Map.of()), 400)).isEqualTo("INVALID_CURSOR");
        assertThat(code(call(owner, f, "GET", "/client-requests", "/client-requests?accountId=" + accountId + "&limit=0",
                null, Map.of()), 400)).isEqualTo("INVALID_LIMIT");

        // the portal submits: accepted, then the same event is a duplicate, another event a 409
        String body = Stack.submission("evt-1", f, requestId, Instant.now());
        assertThat(text(ok(200, webhook(body, signed(body))), "status")).isEqualTo("accepted");
        assertThat(text(ok(200, webhook(body, signed(body))), "status")).isEqualTo("duplicate");
        String other = Stack.submission("evt-2", f, requestId, Instant.now());
        assertThat(code(webhook(other, signed(other)), 409)).isEqualTo("REQUEST_ALREADY_SUBMITTED");
        stack.settle();

        // a submitted request: every field the document declares
        JsonNode submitted = ok(200, call(owner, f, "GET", "/client-requests/{requestId}", "/client-requests/" + requestId, null, Map.of()));
        exactly("GET", "/client-requests/{requestId}", 200, submitted);
        assertThat(text(submitted, "status")).isEqualTo("SUBMITTED");

        // reopened with a note, pending again, then submitted again under a new event id
        JsonNode reopened = ok(200, call(owner, f, "POST", "/client-requests/{requestId}/reopen",
                "/client-requests/" + requestId + "/reopen", Map.of("message", "Please add your second account."), Map.of()));
        everyFieldButTheSubmission("POST", "/client-requests/{requestId}/reopen", reopened);
        assertThat(text(reopened, "status")).isEqualTo("PENDING");
        assertThat(text(reopened, "lastEmail.kind")).isEqualTo("REOPENED");
        assertThat(reopened.field("previousSubmissions").orElseThrow().asArray()).hasSize(1);
        stack.settle();
        String again = Stack.submission("evt-3", f, requestId, Instant.now());
        assertThat(text(ok(200, webhook(again, signed(again))), "status")).isEqualTo("accepted");
        stack.settle();
        JsonNode resubmitted = ok(200, call(owner, f, "GET", "/client-requests/{requestId}", "/client-requests/" + requestId, null, Map.of()));
        exactly("GET", "/client-requests/{requestId}", 200, resubmitted);
        assertThat(resubmitted.field("previousSubmissions").orElseThrow().asArray()).hasSize(1);

        // links by hand
        exactly("PUT", "/client-requests/{requestId}/jobs", 200, ok(200, call(owner, f, "PUT", "/client-requests/{requestId}/jobs",
                "/client-requests/" + extraId + "/jobs", Map.of("jobIds", List.of()), Map.of())));
        Response unlinked = call(owner, f, "DELETE", "/jobs/{jobId}/client-requests/{requestId}",
                "/jobs/" + jobId + "/client-requests/" + loose, null, Map.of());
        assertThat(unlinked.status()).isEqualTo(204);
        assertThat(unlinked.body()).isNull();
        String car = text(ok(201, call(owner, f, "POST", "/client-requests", "/client-requests",
                Map.of("accountId", accountId, "title", "Car purchase", "message", "Please send the invoice.",
                        "items", List.of(Map.of("kind", "FILE_UPLOAD", "label", "Invoice")), "jobIds", List.of(jobId),
                        "reminders", Map.of("everyDays", 5, "times", 0), "dueAt", dueAt),
                Map.of())), "requestId");
        stack.settle();

        // its due date moved to a minute ago: the next sweep marks it overdue, and the board counts it
        ok(200, call(owner, f, "PATCH", "/client-requests/{requestId}", "/client-requests/" + car,
                Map.of("dueAt", Instant.now().minusSeconds(60).toString()), Map.of()));
        sweep();
        JsonNode overdue = ok(200, call(owner, f, "GET", "/client-requests/{requestId}", "/client-requests/" + car, null, Map.of()));
        assertThat(overdue.field("overdue").orElseThrow().asBoolean()).isTrue();
        assertThat(Stack.at(overdue, "reminders.nextAt").isNull()).as("times 0: no reminders").isTrue();
        JsonNode board = ok(200, call(owner, f, "GET", "/pipelines/{pipelineId}/jobs", "/pipelines/" + pipelineId + "/jobs",
                null, Map.of()));
        assertThat(Stack.at(board, "stages[1].jobs[0].overdueCount").asNumber()).isEqualTo("1");

        // archived: off the board, unless asked for; then back
        JsonNode archived = ok(200, call(owner, f, "POST", "/jobs/{jobId}/archive", "/jobs/" + jobId + "/archive", null, Map.of()));
        exactly("POST", "/jobs/{jobId}/archive", 200, archived);
        assertThat(archived.field("archived").orElseThrow().asBoolean()).isTrue();
        board = ok(200, call(owner, f, "GET", "/pipelines/{pipelineId}/jobs", "/pipelines/" + pipelineId + "/jobs", null, Map.of()));
        assertThat(board.field("stages").orElseThrow().asArray().get(1).field("jobs").orElseThrow().asArray()).isEmpty();
        board = ok(200, call(owner, f, "GET", "/pipelines/{pipelineId}/jobs", "/pipelines/" + pipelineId + "/jobs?includeArchived=true",
                null, Map.of()));
        exactly("GET", "/pipelines/{pipelineId}/jobs", 200, board);
        assertThat(Stack.at(board, "stages[1].jobs[0].archived").asBoolean()).isTrue();
        JsonNode unarchived = ok(200, call(owner, f, "POST", "/jobs/{jobId}/unarchive", "/jobs/" + jobId + "/unarchive",
                "{}", Map.of()));
        exactly("POST", "/jobs/{jobId}/unarchive", 200, unarchived);
        assertThat(unarchived.field("archived").orElseThrow().asBoolean()).isFalse();

        // the trails: every entry has exactly the fields the document declares
        stack.settle();
        JsonNode jobTrail = ok(200, call(owner, f, "GET", "/jobs/{jobId}/activity", "/jobs/" + jobId + "/activity?limit=200",
                null, Map.of()));
        exactly("GET", "/jobs/{jobId}/activity", 200, jobTrail);
        Set<String> entryFields = new TreeSet<>(map(resolve(map(map(responseSchema("GET", "/jobs/{jobId}/activity", 200)
                .get("properties")).get("activity")).get("items")).get("properties")).keySet());
        assertThat(jobTrail.field("activity").orElseThrow().asArray()).hasSizeGreaterThan(5)
                .allSatisfy(e -> assertThat(fields(e)).isEqualTo(entryFields));
        exactly("GET", "/client-requests/{requestId}/activity", 200, ok(200, call(owner, f, "GET",
                "/client-requests/{requestId}/activity", "/client-requests/" + requestId + "/activity", null, Map.of())));
        JsonNode firmTrail = ok(200, call(owner, f, "GET", "/activity", "/activity?limit=2", null, Map.of()));
        exactly("GET", "/activity", 200, firmTrail);
        assertThat(firmTrail.field("nextCursor").orElseThrow().isNull()).isFalse();

        // every route was driven at least once with a success
        Set<String> succeeded = exercised.stream().filter(e -> e.matches(".* [23]\\d\\d$"))
                .map(e -> e.substring(0, e.lastIndexOf(' '))).collect(Collectors.toCollection(TreeSet::new));
        assertThat(succeeded).isEqualTo(documentedRoutes());
    }

    @Test
    void refusals_answerWithADocumentedStatusAndCode() {
        String owner = Firm.OWNER, f = firm.firmId;
        firm.ok("POST", "/members", Map.of("userId", "user-employee", "role", "EMPLOYEE"));
        String jobId = firm.newJob("Tax return 2024");

        assertThat(code(call(owner, null, "POST", "/firms", "/firms", Map.of("name", "A", "nmae", "typo"), Map.of()), 400))
                .isEqualTo("UNKNOWN_FIELD");
        assertThat(code(call(owner, f, "POST", "/firms", "/firms", "{\"name\":\"" + "x".repeat(300_000) + "\"}", Map.of()), 413))
                .isEqualTo("BODY_TOO_LARGE");
        assertThat(code(call("not a user id", f, "GET", "/jobs/{jobId}", "/jobs/" + jobId, null, Map.of()), 401))
                .isEqualTo("UNAUTHENTICATED");
        Response noToken = call(null, f, "GET", "/jobs/{jobId}", "/jobs/" + jobId, null, Map.of());
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(fields(noToken.json())).containsExactly("message");
        assertThat(code(call(owner, null, "GET", "/jobs/{jobId}", "/jobs/" + jobId, null, Map.of()), 403)).isEqualTo("NO_FIRM");
        assertThat(code(call("user-stranger", f, "GET", "/pipelines/{pipelineId}", "/pipelines/" + firm.pipelineId, null, Map.of()), 403))
                .isEqualTo("NOT_A_MEMBER");
        assertThat(code(call("user-employee", f, "GET", "/jobs/{jobId}", "/jobs/" + jobId, null, Map.of()), 403)).isEqualTo("FORBIDDEN");
        assertThat(code(call("user-employee", f, "POST", "/pipelines", "/pipelines",
                Map.of("name", "P", "stages", List.of(Map.of("name", "A"))), Map.of()), 403)).isEqualTo("FORBIDDEN");
        assertThat(code(call(owner, f, "POST", "/members", "/members", Map.of("userId", "user-employee", "role", "ADMIN"), Map.of()), 409))
                .isEqualTo("MEMBER_EXISTS");
        assertThat(code(call(owner, f, "POST", "/pipelines", "/pipelines", Map.of("name", "P",
                "stages", List.of(Map.of("name", "A"), Map.of("name", "B", "automove", true))), Map.of()), 400))
                .isEqualTo("AUTOMOVE_ON_LAST_STAGE");
        assertThat(code(call(owner, f, "PATCH", "/pipelines/{pipelineId}/stages/{stageId}",
                "/pipelines/" + firm.pipelineId + "/stages/stg_nowhere", Map.of("automove", true), Map.of()), 404))
                .isEqualTo("STAGE_NOT_FOUND");
        assertThat(code(call(owner, f, "GET", "/pipelines/{pipelineId}/jobs", "/pipelines/pl_unknown/jobs", null, Map.of()), 404))
                .isEqualTo("PIPELINE_NOT_FOUND");
        assertThat(code(call(owner, f, "POST", "/jobs", "/jobs", Map.of("accountId", firm.accountId, "pipelineId", "pl_unknown",
                "title", "T"), Map.of()), 400)).isEqualTo("UNKNOWN_PIPELINE");
        assertThat(code(call(owner, f, "POST", "/jobs/{jobId}/move", "/jobs/" + jobId + "/move", Map.of("toStageId", firm.intake), Map.of()), 400))
                .isEqualTo("SAME_STAGE");
        assertThat(code(call(owner, f, "POST", "/jobs/{jobId}/move", "/jobs/" + jobId + "/move", Map.of("toStageId", "stg_x"), Map.of()), 400))
                .isEqualTo("UNKNOWN_STAGE");
        assertThat(code(call(owner, f, "GET", "/jobs/{jobId}", "/jobs/job_unknown", null, Map.of()), 404)).isEqualTo("JOB_NOT_FOUND");
        assertThat(code(call(owner, f, "GET", "/client-requests/{requestId}", "/client-requests/req_unknown", null, Map.of()), 404))
                .isEqualTo("CLIENT_REQUEST_NOT_FOUND");
        assertThat(code(call(owner, f, "POST", "/jobs/{jobId}/client-requests", "/jobs/" + jobId + "/client-requests",
                Map.of(), Map.of()), 400)).isEqualTo("TEMPLATE_OR_CONTENT");
        assertThat(code(call(owner, f, "DELETE", "/jobs/{jobId}/client-requests/{requestId}",
                "/jobs/" + jobId + "/client-requests/req_unknown", null, Map.of()), 404)).isEqualTo("CLIENT_REQUEST_NOT_FOUND");
        assertThat(code(call(owner, f, "GET", "/client-requests", "/client-requests", null, Map.of()), 400)).isEqualTo("MISSING_FIELD");
        assertThat(code(call(owner, f, "GET", "/client-requests", "/client-requests?accountId=acc_unknown", null, Map.of()), 404))
                .isEqualTo("ACCOUNT_NOT_FOUND");
        assertThat(code(call(owner, f, "PUT", "/client-requests/{requestId}/jobs", "/client-requests/req_unknown/jobs",
                Map.of("jobIds", List.of()), Map.of()), 404)).isEqualTo("CLIENT_REQUEST_NOT_FOUND");
        assertThat(code(call(owner, f, "POST", "/client-requests", "/client-requests", Map.of("accountId", firm.accountId,
                "templateId", firm.templateId, "jobIds", List.of("job_unknown")), Map.of()), 404)).isEqualTo("JOB_NOT_FOUND");

        // another account's job cannot be linked
        String otherAccount = text(firm.ok("POST", "/accounts", Map.of("name", "Verdi Srl",
                "contacts", List.of(Map.of("name", "Paolo Verdi", "email", "paolo@verdi.example")))), "accountId");
        String theirs = text(firm.ok("POST", "/jobs", Map.of("accountId", otherAccount, "pipelineId", firm.pipelineId,
                "title", "Bookkeeping 2025")), "jobId");
        String ours = firm.request("Questions", jobId);
        assertThat(code(call(owner, f, "POST", "/jobs/{jobId}/client-requests", "/jobs/" + theirs + "/client-requests",
                Map.of("requestId", ours), Map.of()), 400)).isEqualTo("ACCOUNT_MISMATCH");

        // the webhook
        String body = Stack.submission("evt-r1", f, ours, Instant.now());
        long now = Instant.now().getEpochSecond();
        assertThat(code(webhook(body, null), 401)).isEqualTo("MISSING_SIGNATURE");
        assertThat(code(webhook(body, PortalSignature.header("another-secret", now, body)), 401)).isEqualTo("INVALID_SIGNATURE");
        assertThat(code(webhook(body, PortalSignature.header(Stack.SECRET, now - 301, body)), 401)).isEqualTo("STALE_SIGNATURE");
        String wrongType = body.replace("client_request.submitted", "client_request.viewed");
        assertThat(code(webhook(wrongType, signed(wrongType)), 400)).isEqualTo("UNSUPPORTED_EVENT_TYPE");
        String unknown = Stack.submission("evt-r2", f, "req_unknown", Instant.now());
        assertThat(code(webhook(unknown, signed(unknown)), 404)).isEqualTo("REQUEST_NOT_FOUND");
        firm.ok("POST", "/jobs/" + jobId + "/move", Map.of("toStageId", firm.review, "unfinishedRequests", "CANCEL"));
        assertThat(code(webhook(body, signed(body)), 409)).isEqualTo("REQUEST_CANCELLED");

        // a request's life after it is sent: wrong settings, wrong state
        String pending = firm.request("Pending questions");
        String requestPath = "/client-requests/{requestId}";
        assertThat(code(call(owner, f, "PATCH", requestPath, "/client-requests/" + pending,
                Map.of("reminders", Map.of("everyDays", 31, "times", 1)), Map.of()), 400)).isEqualTo("INVALID_REMINDERS");
        assertThat(code(call(owner, f, "PATCH", requestPath, "/client-requests/" + pending,
                Map.of("reminders", Map.of("everyDays", 3)), Map.of()), 400)).isEqualTo("MISSING_FIELD");
        assertThat(code(call(owner, f, "PATCH", requestPath, "/client-requests/" + pending, Map.of(), Map.of()), 400))
                .isEqualTo("MISSING_FIELD");
        assertThat(code(call(owner, f, "PATCH", requestPath, "/client-requests/" + pending,
                Map.of("dueAt", "next friday"), Map.of()), 400)).isEqualTo("INVALID_FIELD");
        assertThat(code(call(owner, f, "PATCH", requestPath, "/client-requests/req_unknown",
                Map.of("dueAt", "2026-03-31T17:00:00Z"), Map.of()), 404)).isEqualTo("CLIENT_REQUEST_NOT_FOUND");
        assertThat(code(call(owner, f, "PATCH", requestPath, "/client-requests/" + ours,
                Map.of("reminders", Map.of("everyDays", 3, "times", 1)), Map.of()), 409)).isEqualTo("REQUEST_NOT_UNFINISHED");
        assertThat(code(call(owner, f, "POST", requestPath + "/resend", "/client-requests/" + ours + "/resend", null, Map.of()), 409))
                .isEqualTo("REQUEST_NOT_UNFINISHED");
        assertThat(code(call(owner, f, "POST", requestPath + "/resend", "/client-requests/" + pending + "/resend",
                Map.of("force", true), Map.of()), 400)).isEqualTo("UNKNOWN_FIELD");
        assertThat(code(call(owner, f, "POST", requestPath + "/resend", "/client-requests/req_unknown/resend", null, Map.of()), 404))
                .isEqualTo("CLIENT_REQUEST_NOT_FOUND");
        assertThat(code(call(owner, f, "POST", requestPath + "/reopen", "/client-requests/" + pending + "/reopen", null, Map.of()), 409))
                .isEqualTo("REQUEST_NOT_SUBMITTED");
        assertThat(code(call(owner, f, "POST", requestPath + "/reopen", "/client-requests/" + pending + "/reopen",
                Map.of("message", "x".repeat(5001)), Map.of()), 400)).isEqualTo("FIELD_TOO_LONG");
        assertThat(code(call(owner, f, "POST", "/client-requests", "/client-requests", Map.of("accountId", firm.accountId,
                "templateId", firm.templateId, "dueAt", "2020-01-01T00:00:00Z"), Map.of()), 400)).isEqualTo("INVALID_DUE_DATE");
        assertThat(code(call(owner, f, "POST", "/jobs/{jobId}/client-requests", "/jobs/" + theirs + "/client-requests",
                Map.of("templateId", firm.templateId, "dueInDays", 366), Map.of()), 400)).isEqualTo("INVALID_DUE_DATE");
        assertThat(code(call(owner, f, "POST", "/request-templates", "/request-templates", Map.of("name", "T", "subject", "S",
                "message", "M", "items", List.of(), "reminders", Map.of("everyDays", 3, "times", 11)), Map.of()), 400))
                .isEqualTo("INVALID_REMINDERS");
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 21; i++) tags.add("tag-" + i);
        Map<String, Object> contact = Map.of("name", "Anna Neri", "email", "anna@neri.example");
        assertThat(code(call(owner, f, "POST", "/accounts", "/accounts", Map.of("name", "Neri", "contacts", List.of(contact),
                "tags", tags), Map.of()), 400)).isEqualTo("TOO_MANY_TAGS");
        assertThat(code(call(owner, f, "POST", "/accounts", "/accounts", Map.of("name", "Neri", "contacts", List.of(contact),
                "tags", List.of(" vip")), Map.of()), 400)).isEqualTo("INVALID_TAG");
        assertThat(code(call(owner, f, "POST", "/pipelines", "/pipelines", Map.of("name", "P", "stages", List.of(Map.of("name", "A",
                "automations", List.of(Map.of("type", "SEND_CLIENT_REQUEST", "templateId", firm.templateId,
                        "conditions", Map.of("accountTags", List.of(""))))))), Map.of()), 400)).isEqualTo("INVALID_TAG");
        assertThat(code(call(owner, f, "PATCH", "/pipelines/{pipelineId}/stages/{stageId}",
                "/pipelines/" + firm.pipelineId + "/stages/" + firm.review, Map.of("automations", List.of(Map.of(
                        "type", "SEND_CLIENT_REQUEST", "templateId", firm.templateId, "dueInDays", 0))), Map.of()), 400))
                .isEqualTo("INVALID_DUE_DATE");
        assertThat(code(call(owner, f, "GET", "/pipelines/{pipelineId}/jobs", "/pipelines/" + firm.pipelineId
                + "/jobs?includeArchived=yes", null, Map.of()), 400)).isEqualTo("INVALID_FIELD");

        // archived jobs
        assertThat(code(call(owner, f, "POST", "/jobs/{jobId}/unarchive", "/jobs/" + theirs + "/unarchive", null, Map.of()), 409))
                .isEqualTo("JOB_NOT_ARCHIVED");
        ok(200, call(owner, f, "POST", "/jobs/{jobId}/archive", "/jobs/" + theirs + "/archive", null, Map.of()));
        assertThat(code(call(owner, f, "POST", "/jobs/{jobId}/archive", "/jobs/" + theirs + "/archive", null, Map.of()), 409))
                .isEqualTo("JOB_ARCHIVED");
        assertThat(code(call(owner, f, "POST", "/jobs/{jobId}/move", "/jobs/" + theirs + "/move",
                Map.of("toStageId", firm.review), Map.of()), 409)).isEqualTo("JOB_ARCHIVED");
        assertThat(code(call(owner, f, "POST", "/jobs/{jobId}/archive", "/jobs/job_unknown/archive", null, Map.of()), 404))
                .isEqualTo("JOB_NOT_FOUND");
        assertThat(code(call(owner, f, "POST", "/jobs/{jobId}/unarchive", "/jobs/" + theirs + "/unarchive", "[]", Map.of()), 400))
                .isEqualTo("INVALID_FIELD");
        assertThat(code(call("user-employee", f, "POST", "/jobs/{jobId}/unarchive", "/jobs/" + theirs + "/unarchive", null,
                Map.of()), 403)).isEqualTo("FORBIDDEN");
        // unknown fields are ignored by the webhook only
        String extra = Stack.submission("evt-r3", f, firm.request("More questions"), Instant.now()).replaceFirst("\\{",
                "{\"portalVersion\":\"2.1\",");
        assertThat(text(ok(200, webhook(extra, signed(extra))), "status")).isEqualTo("accepted");
    }

    @Test
    void theIdempotencyKey_isHonouredExactlyWhereTheDocumentDeclaresIt() {
        String f = firm.firmId;
        String jobId = firm.newJob("Tax return 2023");
        String requestId = firm.request("Receipts");
        Map<String, Object[]> posts = new LinkedHashMap<>();
        posts.put("/firms", new Object[]{"/firms", Map.of("name", "Bianchi Tax Advisors")});
        posts.put("/members", new Object[]{"/members", Map.of("userId", "user-idem", "role", "EMPLOYEE")});
        posts.put("/accounts", new Object[]{"/accounts", Map.of("name", "Rossi & Co",
                "contacts", List.of(Map.of("name", "Maria Rossi", "email", "maria@rossi.example")))});
        posts.put("/request-templates", new Object[]{"/request-templates", Map.of("name", "T", "subject", "S", "message", "M",
                "items", List.of())});
        posts.put("/pipelines", new Object[]{"/pipelines", Map.of("name", "P", "stages", List.of(Map.of("name", "A")))});
        posts.put("/jobs", new Object[]{"/jobs", Map.of("accountId", firm.accountId, "pipelineId", firm.pipelineId, "title", "T")});
        posts.put("/jobs/{jobId}/move", new Object[]{"/jobs/" + jobId + "/move", Map.of("toStageId", firm.review)});
        posts.put("/jobs/{jobId}/client-requests", new Object[]{"/jobs/" + jobId + "/client-requests",
                Map.of("templateId", firm.templateId)});
        posts.put("/client-requests", new Object[]{"/client-requests", Map.of("accountId", firm.accountId,
                "templateId", firm.templateId)});
        // not creating calls: a second archive or reopen is refused by state, a second resend is another email
        posts.put("/jobs/{jobId}/archive", new Object[]{"/jobs/" + jobId + "/archive", null});
        posts.put("/jobs/{jobId}/unarchive", new Object[]{"/jobs/" + jobId + "/unarchive", null});
        posts.put("/client-requests/{requestId}/resend", new Object[]{"/client-requests/" + requestId + "/resend", null});
        posts.put("/client-requests/{requestId}/reopen", new Object[]{"/client-requests/" + requestId + "/reopen", Map.of()});
        Set<String> documentedPosts = documentedRoutes().stream().filter(r -> r.startsWith("POST ") && !r.contains("webhooks"))
                .map(r -> r.substring(5)).collect(Collectors.toCollection(TreeSet::new));
        assertThat(posts.keySet()).containsExactlyInAnyOrderElementsOf(documentedPosts);

        String tooLong = "k".repeat(201);
        posts.forEach((path, call) -> {
            boolean declared = parameters(path, operation("POST", path)).stream().anyMatch(p -> "Idempotency-Key".equals(p.get("name")));
            Response r = call(Firm.OWNER, f, "POST", path, (String) call[0], call[1], Map.of("Idempotency-Key", tooLong));
            boolean honoured = r.status() == 400 && "INVALID_IDEMPOTENCY_KEY".equals(text(r.json(), "error.code"));
            assertThat(honoured).as("POST " + path + " -> " + r.status() + " " + r.body()).isEqualTo(declared);
            if (declared) {
                assertThat(map(map(resolve(map(operation("POST", path).get("responses")).get("201")).get("headers"))))
                        .as("POST " + path + " declares idempotent-replayed").containsKey("idempotent-replayed");
            }
        });
        // linking an existing request from the job card ignores the header
        Response link = call(Firm.OWNER, f, "POST", "/jobs/{jobId}/client-requests", "/jobs/" + jobId + "/client-requests",
                Map.of("requestId", requestId), Map.of("Idempotency-Key", tooLong));
        assertThat(link.status()).as(link.body()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ calling the stack

    /** One HTTP call through the template's routes; its answer must be one the document declares for the route. */
    private Response call(String user, String firmId, String method, String docPath, String path, Object body,
                          Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        if (user != null) headers.put("x-user-id", user);
        if (firmId != null) headers.put("x-firm-id", firmId);
        extraHeaders.forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        Response response = stack.runtime.http(method, path, headers,
                body == null ? null : body instanceof String s ? s : Json.write(body));
        conforms(method, docPath, response);
        return response;
    }

    private Response webhook(String body, String signature) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (signature != null) headers.put("X-Portal-Signature", signature);
        return call(null, null, "POST", "/webhooks/client-portal", "/webhooks/client-portal", body, headers);
    }

    private static String signed(String body) {
        return PortalSignature.header(Stack.SECRET, Instant.now().getEpochSecond(), body);
    }

    private void conforms(String method, String docPath, Response response) {
        String where = method + " " + docPath + " -> " + response.status() + " " + response.body();
        exercised.add(method + " " + docPath + " " + response.status());
        Map<String, Object> responses = map(operation(method, docPath).get("responses"));
        Object declared = responses.get(String.valueOf(response.status()));
        if (declared == null) fail("undocumented status: " + where);
        Map<String, Object> r = resolve(declared);
        Map<String, Object> content = map(r.get("content"));
        if (content.isEmpty()) {
            assertThat(response.body()).as(where).isNull();
        } else {
            assertThat(response.body()).as(where).isNotNull();
            validate(map(content.get("application/json")).get("schema"), response.json(), where);
        }
        Map<String, Object> headers = map(r.get("headers"));
        for (String name : response.headers().keySet()) {
            if (name.equalsIgnoreCase("content-type")) continue;
            assertThat(headers).as(where + ": header " + name + " is documented").containsKey(name.toLowerCase(Locale.ROOT));
        }
        if (response.status() >= 400 && response.json().field("error").isPresent()) {
            assertThat(tokens(description(r))).as(where + ": the code is listed for this response")
                    .contains(text(response.json(), "error.code"));
        }
    }

    private static JsonNode ok(int status, Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response.json();
    }

    private static String code(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return text(response.json(), "error.code");
    }

    /** The answer's top-level fields are exactly the properties the document declares for it. */
    private void exactly(String method, String docPath, int status, JsonNode answer) {
        Map<String, Object> schema = responseSchema(method, docPath, status);
        if (schema.containsKey("oneOf")) {
            // one route, several shapes (the board, or one stage page): the answer is exactly one of them
            List<Set<String>> shapes = new ArrayList<>();
            for (Object alternative : (List<?>) schema.get("oneOf")) {
                shapes.add(new TreeSet<>(map(resolve(alternative).get("properties")).keySet()));
            }
            assertThat(shapes).as(method + " " + docPath + " " + status).contains(fields(answer));
            return;
        }
        assertThat(fields(answer)).as(method + " " + docPath + " " + status).isEqualTo(declared(method, docPath, status));
    }

    /** A request not submitted (now): exactly the required fields, all of them declared; no submittedAt, no answers. */
    private void everyFieldButTheSubmission(String method, String docPath, JsonNode answer) {
        assertThat(fields(answer)).as(method + " " + docPath).isEqualTo(new TreeSet<>(required(responseSchema(method, docPath, 200))));
        assertThat(declared(method, docPath, 200)).containsAll(fields(answer));
        assertThat(declared(method, docPath, 200)).as("and declared: only the submission's fields are not required")
                .isEqualTo(new TreeSet<>(java.util.stream.Stream.concat(fields(answer).stream(),
                        java.util.stream.Stream.of("submittedAt", "answers")).toList()));
    }

    /** The schedule's tick (as the local stack's Ticks give it): the reminder sweep, then what it published. */
    private void sweep() {
        try {
            stack.runtime.invoke("ReminderSweepFunction", "{\"detail-type\":\"Scheduled Event\"}");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        stack.settle();
    }

    private Set<String> declared(String method, String docPath, int status) {
        return new TreeSet<>(map(responseSchema(method, docPath, status).get("properties")).keySet());
    }

    private static Set<String> fields(JsonNode node) {
        assertThat(node.isObject()).as(String.valueOf(node)).isTrue();
        return new TreeSet<>(node.asObject().keySet());
    }

    // ------------------------------------------------------------------ a small schema check

    /**
     * The value fits the schema: types, enums, nullability, date-times, required properties, and no property
     * the schema does not declare (unless it says additionalProperties: true).
     */
    private void validate(Object schemaOrRef, JsonNode node, String where) {
        Map<String, Object> s = resolve(schemaOrRef);
        if (node.isNull()) {
            assertThat(s.get("nullable")).as(where + ": null only where nullable").isEqualTo(true);
            return;
        }
        if (s.containsKey("oneOf")) {
            int matches = 0;
            List<String> why = new ArrayList<>();
            for (Object alternative : (List<?>) s.get("oneOf")) {
                try {
                    validate(alternative, node, where);
                    matches++;
                } catch (AssertionError e) {
                    why.add(e.getMessage());
                }
            }
            assertThat(matches).as(where + ": exactly one of oneOf fits " + node + " " + why).isEqualTo(1);
            return;
        }
        if (s.containsKey("allOf")) {
            for (Object part : (List<?>) s.get("allOf")) validate(part, node, where);
        }
        String type = (String) s.get("type");
        if (type == null) return;
        switch (type) {
            case "object" -> {
                assertThat(node.isObject()).as(where + ": object expected, got " + node).isTrue();
                Map<String, Object> properties = map(s.get("properties"));
                Set<String> keys = node.asObject().keySet();
                if (!Boolean.TRUE.equals(s.get("additionalProperties"))) {
                    assertThat(properties.keySet()).as(where + ": declared properties").containsAll(keys);
                }
                assertThat(keys).as(where + ": required properties").containsAll(required(s));
                node.asObject().forEach((k, v) -> {
                    if (properties.containsKey(k)) validate(properties.get(k), v, where + "." + k);
                });
            }
            case "array" -> {
                assertThat(node.isArray()).as(where + ": array expected, got " + node).isTrue();
                List<JsonNode> items = node.asArray();
                for (int i = 0; i < items.size(); i++) validate(s.get("items"), items.get(i), where + "[" + i + "]");
            }
            case "string" -> {
                assertThat(node.isString()).as(where + ": string expected, got " + node).isTrue();
                if (s.containsKey("enum")) {
                    assertThat(((List<?>) s.get("enum")).stream().map(String::valueOf).toList()).as(where).contains(node.asString());
                }
                if ("date-time".equals(s.get("format"))) OffsetDateTime.parse(node.asString());
                if (s.get("maxLength") instanceof Integer max) assertThat(node.asString().length()).as(where).isLessThanOrEqualTo(max);
                if (s.get("pattern") instanceof String p) assertThat(node.asString()).as(where).containsPattern(p);
            }
            case "integer" -> assertThat(node.isNumber() && node.asNumber().matches("-?\\d+")).as(where + ": integer, got " + node).isTrue();
            case "boolean" -> assertThat(node.isBoolean()).as(where + ": boolean, got " + node).isTrue();
            default -> fail(where + ": unexpected type " + type);
        }
    }

    // ------------------------------------------------------------------ reading the document

    private List<Template.HttpRoute> templateRoutes() {
        return Template.load(Stack.TEMPLATE).functions().stream().flatMap(f -> f.routes().stream()).toList();
    }

    private Set<String> documentedRoutes() {
        Set<String> routes = new TreeSet<>();
        map(doc.get("paths")).forEach((path, item) -> map(item).keySet().stream().filter(METHODS::contains)
                .forEach(m -> routes.add(m.toUpperCase(Locale.ROOT) + " " + path)));
        return routes;
    }

    private void forEachOperation(java.util.function.BiConsumer<String, Map<String, Object>> action) {
        map(doc.get("paths")).forEach((path, item) -> map(item).forEach((m, op) -> {
            if (METHODS.contains(m)) action.accept(m.toUpperCase(Locale.ROOT) + " " + path, map(op));
        }));
    }

    private Map<String, Object> operation(String method, String path) {
        Map<String, Object> op = map(map(map(doc.get("paths")).get(path)).get(method.toLowerCase(Locale.ROOT)));
        assertThat(op).as(method + " " + path + " is in the document").isNotEmpty();
        return op;
    }

    /** The operation's parameters and those of its path item, resolved. */
    private List<Map<String, Object>> parameters(String path, Map<String, Object> op) {
        List<Map<String, Object>> all = new ArrayList<>();
        Stream.of(map(map(doc.get("paths")).get(path)).get("parameters"), op.get("parameters"))
                .filter(List.class::isInstance).flatMap(l -> ((List<?>) l).stream()).forEach(p -> all.add(resolve(p)));
        return all;
    }

    private Map<String, Object> responseSchema(String method, String path, int status) {
        Map<String, Object> r = resolve(map(operation(method, path).get("responses")).get(String.valueOf(status)));
        return resolve(map(map(r.get("content")).get("application/json")).get("schema"));
    }

    private Object requestSchema(String routeKey) {
        String[] parts = routeKey.split(" ", 2);
        return map(map(map(operation(parts[0], parts[1]).get("requestBody")).get("content")).get("application/json")).get("schema");
    }

    private Map<String, Object> schema(String name) {
        return map(map(map(doc.get("components")).get("schemas")).get(name));
    }

    private List<String> errorCodes() {
        return ((List<?>) schema("ErrorCode").get("enum")).stream().map(String::valueOf).toList();
    }

    private static List<String> required(Map<String, Object> schema) {
        return schema.get("required") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    private static String description(Map<String, Object> node) {
        return node.get("description") instanceof String s ? s : "";
    }

    private static Set<String> tokens(String text) {
        Set<String> tokens = new TreeSet<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) if (m.group(1).length() > 1) tokens.add(m.group(1));
        return tokens;
    }

    /** The examples of a content map (example and examples.*.value), as JSON. */
    private static List<JsonNode> examples(Map<String, Object> content) {
        Map<String, Object> media = map(content.get("application/json"));
        List<JsonNode> list = new ArrayList<>();
        if (media.containsKey("example")) list.add(Json.parse(Json.write(media.get("example"))));
        map(media.get("examples")).values().forEach(e -> list.add(Json.parse(Json.write(map(e).get("value")))));
        return list;
    }

    /** Follows a local $ref ("#/components/..."), however deep. */
    private Map<String, Object> resolve(Object node) {
        Map<String, Object> m = map(node);
        int hops = 0;
        while (m.get("$ref") instanceof String ref) {
            assertThat(ref).startsWith("#/");
            Object target = doc;
            for (String part : ref.substring(2).split("/")) target = map(target).get(part);
            assertThat(target).as("dangling " + ref).isNotNull();
            m = map(target);
            assertThat(++hops).isLessThan(10);
        }
        return m;
    }

    private static void walk(Object node, java.util.function.BiConsumer<String, Object> visit) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                visit.accept(String.valueOf(k), v);
                walk(v, visit);
            });
        } else if (node instanceof List<?> l) {
            l.forEach(v -> walk(v, visit));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        if (o == null) return Map.of();
        assertThat(o).isInstanceOf(Map.class);
        Map<String, Object> copy = new LinkedHashMap<>();
        ((Map<Object, Object>) o).forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    // ------------------------------------------------------------------ reading the sources

    private static List<String> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<String> texts = new ArrayList<>();
            for (Path p : files.filter(p -> p.toString().endsWith(".java")).toList()) texts.add(Files.readString(p));
            assertThat(texts).hasSizeGreaterThan(50);
            return texts;
        }
    }

    private static Set<String> sourceLiterals0(Pattern literal) throws IOException {
        Set<String> found = new TreeSet<>();
        for (String text : sources()) {
            Matcher m = literal.matcher(text);
            while (m.find()) found.add(m.group(1));
        }
        return found;
    }

    /** Upper-case string literals under src/main/java: "UNFINISHED_REQUESTS". */
    private static Set<String> sourceLiterals() throws IOException {
        return sourceLiterals0(Pattern.compile("\"([A-Z][A-Z0-9_]*)\""));
    }

    /** The codes DomainException.notFound("client request", id) makes: CLIENT_REQUEST_NOT_FOUND. */
    private static Set<String> derivedNotFoundCodes() throws IOException {
        return sourceLiterals0(Pattern.compile("notFound\\(\\s*\"([^\"]+)\"")).stream()
                .map(what -> what.toUpperCase(Locale.ROOT).replace(' ', '_') + "_NOT_FOUND")
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every code a refusal in the sources carries. */
    private static Set<String> sentCodes() throws IOException {
        Set<String> codes = new TreeSet<>(derivedNotFoundCodes());
        for (String p : List.of("(?:invalid|forbidden|conflict)\\(\\s*\"([A-Z][A-Z0-9_]*)\"",
                "new ApiException\\(\\s*\\d+\\s*,\\s*\"([A-Z][A-Z0-9_]*)\"",
                "HttpResponse\\.error\\(\\s*\\d+\\s*,\\s*\"([A-Z][A-Z0-9_]*)\"",
                "Reason\\.[A-Z]+\\s*,\\s*\"([A-Z][A-Z0-9_]*)\"")) {
            codes.addAll(sourceLiterals0(Pattern.compile(p)));
        }
        return codes;
    }
}
