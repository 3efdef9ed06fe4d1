package io.automove.it;

import io.automove.localstack.HttpApi.Response;
import io.automove.localstack.Template;
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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of template.yaml behind the JWT authorizer, called by every kind of caller, on the caller's own
 * firm's things and on another firm's. What each call must answer comes from one rule, {@link #expected}: the
 * documented policy (README "Who may do what", docs/openapi.yaml "Who may do what", domain/AccessPolicy.java).
 * Another firm's ids must be answered exactly like unknown ids, with no trace of the other firm; a refused call
 * writes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {

    /** The kinds of caller. {@code assigned}: on the team of the account the account-scoped calls work on. */
    enum Who {
        OWNER(Firm.OWNER, true, true, true, false, false, true),
        ADMIN("m-admin", true, false, true, false, false, true),
        EMPLOYEE_ASSIGNED("m-assigned", true, false, false, true, false, true),
        EMPLOYEE_NOT_ASSIGNED("m-unassigned", true, false, false, false, false, true),
        EMPLOYEE_NOT_ASSIGNED_VIEW_ALL("m-viewall", true, false, false, false, true, true),
        EMPLOYEE_ASSIGNED_VIEW_ALL("m-assigned-viewall", true, false, false, true, true, true),
        NOT_A_MEMBER("m-stranger", false, false, false, false, false, true),
        TOKEN_WITHOUT_FIRM(Firm.OWNER, true, true, true, false, false, false);

        final String userId;
        final boolean member, owner, manager, assigned, viewAll, firmClaim;

        Who(String userId, boolean member, boolean owner, boolean manager, boolean assigned, boolean viewAll, boolean firmClaim) {
            this.userId = userId;
            this.member = member;
            this.owner = owner;
            this.manager = manager;
            this.assigned = assigned;
            this.viewAll = viewAll;
            this.firmClaim = firmClaim;
        }
    }

    /** Whose things the call names: the caller's firm's, or another firm's. */
    enum Scope { OWN_FIRM, ANOTHER_FIRM }

    /** What kind of route it is, in the words of the documented policy. */
    enum Policy {
        /** POST /firms: needs no firm; the caller founds one. */
        ANY_USER,
        /** Firm configuration (members, accounts, request templates, pipelines and their stages), and the firm's trail. */
        CONFIGURATION,
        /** Adding another owner: "Only an OWNER may add another OWNER". */
        OWNERS_ONLY,
        /** Readable by every member: pipelines and the board (filtered). */
        ANY_MEMBER,
        /**
         * Work on an account's jobs and requests: read, create, move, archive, link, unlink; change a request's
         * reminders or due date, resend it, reopen it.
         */
        ACCOUNT_WORK
    }

    record Outcome(int status, String code) {
        static Outcome allowed(int status) { return new Outcome(status, null); }
        static Outcome refused(int status, String code) { return new Outcome(status, code); }
        boolean isAllowed() { return code == null; }
        @Override public String toString() { return isAllowed() ? "allowed " + status : status + " " + code; }
    }

    /**
     * THE RULE, written once. Owners and admins may do everything (only an owner adds another owner);
     * configuration is theirs alone; a member may
     * work on an account if owner or admin, assigned to it, or holding VIEW_ALL_ACCOUNTS; every member reads
     * pipelines and the board; a caller outside the firm gets NOT_A_MEMBER, a token without a firm NO_FIRM;
     * another firm's id is an unknown id.
     */
    static Outcome expected(Op op, Who who, Scope scope) {
        if (op.policy() == Policy.ANY_USER) return Outcome.allowed(op.success());
        if (!who.firmClaim) return Outcome.refused(403, "NO_FIRM");
        if (!who.member) return Outcome.refused(403, "NOT_A_MEMBER");
        if (op.policy() == Policy.CONFIGURATION && !who.manager) return Outcome.refused(403, "FORBIDDEN");
        if (op.policy() == Policy.OWNERS_ONLY && !who.owner) return Outcome.refused(403, "FORBIDDEN");
        if (scope == Scope.ANOTHER_FIRM) return op.unknownId();
        if (op.policy() == Policy.ACCOUNT_WORK && !mayWorkOn(who, true)) return Outcome.refused(403, "FORBIDDEN");
        return Outcome.allowed(op.success());
    }

    /** Whether the caller may work on an account; {@code onItsTeam}: the caller is on the account's team. */
    static boolean mayWorkOn(Who who, boolean onItsTeam) {
        return who.member && (who.manager || who.viewAll || (onItsTeam && who.assigned));
    }

    /**
     * The ids a call names: the caller's firm's (fresh where the call changes them), another firm's, or unknown.
     * {@code submittedRequest}: a request the client submitted (reopen); {@code archivedJob}: an archived job;
     * {@code spareMember}: an employee nobody else's case needs (changed, removed).
     */
    record Ids(String account, String pipeline, String stage, String patchPipeline, String patchStage, String template,
               String job, String request, String looseRequest, String member, String boardPipeline,
               String submittedRequest, String archivedJob, String spareMember) {}

    record Call(String method, String path, Object body) {}

    /**
     * A route of the template and what it takes. {@code unknownId}: its answer to an unknown id (from the
     * contract), null when the call names no id. {@code fresh}: the call changes what it names, so each call
     * gets things of its own.
     */
    record Op(String routeKey, String name, Policy policy, int success, Outcome unknownId, boolean fresh,
              Function<Ids, Call> call) {
        @Override public String toString() { return name; }
    }

    private static final AtomicInteger SEQ = new AtomicInteger();

    static final List<Op> OPS = List.of(
            new Op("POST /firms", "found a firm", Policy.ANY_USER, 201, null, false,
                    ids -> new Call("POST", "/firms", Map.of("name", "Matrix firm"))),
            new Op("POST /members", "add a member", Policy.CONFIGURATION, 201, null, false,
                    ids -> new Call("POST", "/members", Map.of("userId", "m-new-" + SEQ.incrementAndGet(), "role", "EMPLOYEE"))),
            new Op("POST /members", "add another owner", Policy.OWNERS_ONLY, 201, null, false,
                    ids -> new Call("POST", "/members", Map.of("userId", "m-new-owner-" + SEQ.incrementAndGet(), "role", "OWNER"))),
            new Op("POST /accounts", "create an account", Policy.CONFIGURATION, 201, Outcome.refused(400, "UNKNOWN_MEMBER"), false,
                    ids -> new Call("POST", "/accounts", Map.of("name", "Matrix account", "contacts",
                            List.of(Map.of("name", "C", "email", "c@matrix.example")), "teamMemberIds", List.of(ids.member())))),
            new Op("POST /request-templates", "create a request template", Policy.CONFIGURATION, 201, null, false,
                    ids -> new Call("POST", "/request-templates", Map.of("name", "Matrix template", "subject", "S",
                            "message", "M", "items", List.of(Map.of("kind", "QUESTION", "label", "Q"))))),
            new Op("POST /pipelines", "create a pipeline", Policy.CONFIGURATION, 201, Outcome.refused(400, "UNKNOWN_TEMPLATE"), false,
                    ids -> new Call("POST", "/pipelines", Map.of("name", "Matrix pipeline", "stages", List.of(
                            Map.of("name", "First", "automations", List.of(Map.of("type", "SEND_CLIENT_REQUEST",
                                    "templateId", ids.template()))), Map.of("name", "Last"))))),
            new Op("GET /members", "list the members", Policy.CONFIGURATION, 200, null, false,
                    ids -> new Call("GET", "/members", null)),
            new Op("PATCH /members/{userId}", "change an employee's rights", Policy.CONFIGURATION, 200,
                    Outcome.refused(404, "MEMBER_NOT_FOUND"), true,
                    ids -> new Call("PATCH", "/members/" + ids.spareMember(), Map.of("rights", List.of("VIEW_ALL_ACCOUNTS")))),
            new Op("DELETE /members/{userId}", "remove an employee", Policy.CONFIGURATION, 204,
                    Outcome.refused(404, "MEMBER_NOT_FOUND"), true,
                    ids -> new Call("DELETE", "/members/" + ids.spareMember(), null)),
            new Op("GET /accounts", "list the accounts", Policy.ANY_MEMBER, 200, null, false,
                    ids -> new Call("GET", "/accounts?limit=200", null)),
            new Op("GET /accounts/{accountId}", "read an account", Policy.ACCOUNT_WORK, 200,
                    Outcome.refused(404, "ACCOUNT_NOT_FOUND"), false,
                    ids -> new Call("GET", "/accounts/" + ids.account(), null)),
            new Op("PATCH /accounts/{accountId}", "change an account's tags", Policy.CONFIGURATION, 200,
                    Outcome.refused(404, "ACCOUNT_NOT_FOUND"), false,
                    ids -> new Call("PATCH", "/accounts/" + ids.account(), Map.of("tags", List.of("tag-" + SEQ.incrementAndGet())))),
            new Op("GET /accounts/{accountId}/jobs", "list an account's jobs", Policy.ACCOUNT_WORK, 200,
                    Outcome.refused(404, "ACCOUNT_NOT_FOUND"), false,
                    ids -> new Call("GET", "/accounts/" + ids.account() + "/jobs", null)),
            new Op("GET /pipelines", "list the pipelines", Policy.ANY_MEMBER, 200, null, false,
                    ids -> new Call("GET", "/pipelines", null)),
            new Op("GET /request-templates", "list the request templates", Policy.ANY_MEMBER, 200, null, false,
                    ids -> new Call("GET", "/request-templates", null)),
            new Op("GET /request-templates/{templateId}", "read a request template", Policy.ANY_MEMBER, 200,
                    Outcome.refused(404, "REQUEST_TEMPLATE_NOT_FOUND"), false,
                    ids -> new Call("GET", "/request-templates/" + ids.template(), null)),
            new Op("GET /pipelines/{pipelineId}", "read a pipeline", Policy.ANY_MEMBER, 200,
                    Outcome.refused(404, "PIPELINE_NOT_FOUND"), false,
                    ids -> new Call("GET", "/pipelines/" + ids.pipeline(), null)),
            new Op("PATCH /pipelines/{pipelineId}/stages/{stageId}", "change a stage", Policy.CONFIGURATION, 200,
                    Outcome.refused(404, "PIPELINE_NOT_FOUND"), false,
                    ids -> new Call("PATCH", "/pipelines/" + ids.patchPipeline() + "/stages/" + ids.patchStage(),
                            Map.of("name", "Renamed " + SEQ.incrementAndGet()))),
            new Op("GET /pipelines/{pipelineId}/jobs", "read the board", Policy.ANY_MEMBER, 200,
                    Outcome.refused(404, "PIPELINE_NOT_FOUND"), false,
                    ids -> new Call("GET", "/pipelines/" + ids.boardPipeline() + "/jobs", null)),
            new Op("POST /jobs", "create a job", Policy.ACCOUNT_WORK, 201, Outcome.refused(404, "ACCOUNT_NOT_FOUND"), false,
                    ids -> new Call("POST", "/jobs", Map.of("accountId", ids.account(), "pipelineId", ids.pipeline(),
                            "title", "Matrix job"))),
            new Op("POST /jobs/{jobId}/move", "move a job", Policy.ACCOUNT_WORK, 200, Outcome.refused(404, "JOB_NOT_FOUND"), true,
                    ids -> new Call("POST", "/jobs/" + ids.job() + "/move", Map.of("toStageId", ids.stage(),
                            "unfinishedRequests", "KEEP"))),
            new Op("GET /jobs/{jobId}", "read a job", Policy.ACCOUNT_WORK, 200, Outcome.refused(404, "JOB_NOT_FOUND"), false,
                    ids -> new Call("GET", "/jobs/" + ids.job(), null)),
            new Op("GET /client-requests/{requestId}", "read a client request", Policy.ACCOUNT_WORK, 200,
                    Outcome.refused(404, "CLIENT_REQUEST_NOT_FOUND"), false,
                    ids -> new Call("GET", "/client-requests/" + ids.request(), null)),
            new Op("GET /jobs/{jobId}/activity", "read a job's trail", Policy.ACCOUNT_WORK, 200,
                    Outcome.refused(404, "JOB_NOT_FOUND"), false,
                    ids -> new Call("GET", "/jobs/" + ids.job() + "/activity", null)),
            new Op("GET /client-requests/{requestId}/activity", "read a client request's trail", Policy.ACCOUNT_WORK, 200,
                    Outcome.refused(404, "CLIENT_REQUEST_NOT_FOUND"), false,
                    ids -> new Call("GET", "/client-requests/" + ids.request() + "/activity", null)),
            new Op("GET /activity", "read the firm's trail", Policy.CONFIGURATION, 200, null, false,
                    ids -> new Call("GET", "/activity", null)),
            new Op("POST /jobs/{jobId}/client-requests", "link a request from the job card", Policy.ACCOUNT_WORK, 200,
                    Outcome.refused(404, "JOB_NOT_FOUND"), true,
                    ids -> new Call("POST", "/jobs/" + ids.job() + "/client-requests", Map.of("requestId", ids.looseRequest()))),
            new Op("POST /jobs/{jobId}/client-requests", "create a request from the job card", Policy.ACCOUNT_WORK, 201,
                    Outcome.refused(404, "JOB_NOT_FOUND"), false,
                    ids -> new Call("POST", "/jobs/" + ids.job() + "/client-requests", Map.of("templateId", ids.template()))),
            new Op("DELETE /jobs/{jobId}/client-requests/{requestId}", "unlink a request", Policy.ACCOUNT_WORK, 204,
                    Outcome.refused(404, "JOB_NOT_FOUND"), true,
                    ids -> new Call("DELETE", "/jobs/" + ids.job() + "/client-requests/" + ids.request(), null)),
            new Op("POST /client-requests", "create a request linked to a job", Policy.ACCOUNT_WORK, 201,
                    Outcome.refused(404, "ACCOUNT_NOT_FOUND"), false,
                    ids -> new Call("POST", "/client-requests", Map.of("accountId", ids.account(), "templateId", ids.template(),
                            "jobIds", List.of(ids.job())))),
            new Op("GET /client-requests", "list the account's requests", Policy.ACCOUNT_WORK, 200,
                    Outcome.refused(404, "ACCOUNT_NOT_FOUND"), false,
                    ids -> new Call("GET", "/client-requests?accountId=" + ids.account(), null)),
            new Op("PUT /client-requests/{requestId}/jobs", "set a request's jobs", Policy.ACCOUNT_WORK, 200,
                    Outcome.refused(404, "CLIENT_REQUEST_NOT_FOUND"), true,
                    ids -> new Call("PUT", "/client-requests/" + ids.looseRequest() + "/jobs", Map.of("jobIds", List.of(ids.job())))),
            new Op("GET /pipelines/{pipelineId}/jobs", "read the board with archived jobs", Policy.ANY_MEMBER, 200,
                    Outcome.refused(404, "PIPELINE_NOT_FOUND"), false,
                    ids -> new Call("GET", "/pipelines/" + ids.boardPipeline() + "/jobs?includeArchived=true", null)),
            new Op("POST /jobs/{jobId}/archive", "archive a job", Policy.ACCOUNT_WORK, 200,
                    Outcome.refused(404, "JOB_NOT_FOUND"), true,
                    ids -> new Call("POST", "/jobs/" + ids.job() + "/archive", null)),
            new Op("POST /jobs/{jobId}/unarchive", "unarchive a job", Policy.ACCOUNT_WORK, 200,
                    Outcome.refused(404, "JOB_NOT_FOUND"), true,
                    ids -> new Call("POST", "/jobs/" + ids.archivedJob() + "/unarchive", null)),
            new Op("PATCH /client-requests/{requestId}", "change a request's reminders", Policy.ACCOUNT_WORK, 200,
                    Outcome.refused(404, "CLIENT_REQUEST_NOT_FOUND"), false,
                    ids -> new Call("PATCH", "/client-requests/" + ids.request(),
                            Map.of("reminders", Map.of("everyDays", 2, "times", 3)))),
            new Op("POST /client-requests/{requestId}/resend", "resend a request", Policy.ACCOUNT_WORK, 200,
                    Outcome.refused(404, "CLIENT_REQUEST_NOT_FOUND"), false,
                    ids -> new Call("POST", "/client-requests/" + ids.request() + "/resend", null)),
            new Op("POST /client-requests/{requestId}/reopen", "reopen a submitted request", Policy.ACCOUNT_WORK, 200,
                    Outcome.refused(404, "CLIENT_REQUEST_NOT_FOUND"), true,
                    ids -> new Call("POST", "/client-requests/" + ids.submittedRequest() + "/reopen",
                            Map.of("message", "Please answer again."))));

    private Stack stack;
    private Firm firm;
    private ForeignFirm zeta;
    private String teamAccount, otherAccount;
    private String boardPipeline, teamJobOnBoard, otherJobOnBoard, archivedTeamJobOnBoard;
    private String patchPipeline, patchStage;
    private Ids shared;
    private Ids foreign;
    private Ids unknown;

    @BeforeAll
    void setUp() {
        stack = new Stack();
        firm = new Firm(stack);
        zeta = new ForeignFirm(stack);
        for (Who who : Who.values()) {
            if (!who.member || who.userId.equals(Firm.OWNER)) continue;
            firm.ok("POST", "/members", Map.of("userId", who.userId, "role", who.manager ? "ADMIN" : "EMPLOYEE",
                    "rights", who.viewAll ? List.of("VIEW_ALL_ACCOUNTS") : List.of()));
        }
        List<String> team = Stream.of(Who.values()).filter(w -> w.assigned).map(w -> w.userId).toList();
        teamAccount = account("Team account", team);
        otherAccount = account("Nobody's account", List.of());
        List<String> board = firm.pipeline("Board", List.of(Map.of("name", "Open"), Map.of("name", "Closed")));
        boardPipeline = board.get(0);
        teamJobOnBoard = job(teamAccount, boardPipeline, "On the team's account");
        otherJobOnBoard = job(otherAccount, boardPipeline, "On nobody's account");
        archivedTeamJobOnBoard = job(teamAccount, boardPipeline, "Archived, on the team's account");
        firm.ok("POST", "/jobs/" + archivedTeamJobOnBoard + "/archive", null);
        List<String> patch = firm.pipeline("Patchable", List.of(Map.of("name", "First"), Map.of("name", "Last")));
        patchPipeline = patch.get(0);
        patchStage = patch.get(1);
        stack.settle();
        shared = fresh();
        foreign = new Ids(zeta.accountId, zeta.pipelineId, zeta.secondStage, zeta.pipelineId, zeta.firstStage,
                zeta.templateId, zeta.jobId, zeta.requestId, zeta.requestId, ForeignFirm.EMPLOYEE, zeta.pipelineId,
                zeta.requestId, zeta.jobId, ForeignFirm.EMPLOYEE);
        unknown = new Ids("acc_unknown00000000000000000", "pl_unknown000000000000000000", "stg_unknown00000000000000000",
                "pl_unknown000000000000000000", "stg_unknown00000000000000000", "tpl_unknown00000000000000000",
                "job_unknown00000000000000000", "req_unknown00000000000000000", "req_unknown00000000000000000",
                "user-unknown", "pl_unknown000000000000000000", "req_unknown00000000000000000",
                "job_unknown00000000000000000", "user-unknown");
    }

    @AfterAll
    void close() { stack.close(); }

    /**
     * A job on the team's account with a pending request linked to it, a loose request of the same account, one the
     * client submitted, and an archived job.
     */
    private Ids fresh() {
        String job = job(teamAccount, firm.pipelineId, "Matrix job");
        String linked = request(teamAccount, List.of(job));
        String loose = request(teamAccount, List.of());
        String submitted = request(teamAccount, List.of());
        String archived = job(teamAccount, firm.pipelineId, "Archived matrix job");
        firm.ok("POST", "/jobs/" + archived + "/archive", null);
        stack.settle();
        assertThat(stack.submit(firm.firmId, submitted).status()).isEqualTo(200);
        stack.settle();
        String spare = "m-spare-" + SEQ.incrementAndGet();
        firm.ok("POST", "/members", Map.of("userId", spare, "role", "EMPLOYEE"));
        stack.settle();
        return new Ids(teamAccount, firm.pipelineId, firm.review, patchPipeline, patchStage, firm.templateId, job, linked,
                loose, Who.EMPLOYEE_ASSIGNED.userId, boardPipeline, submitted, archived, spare);
    }

    Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Op op : OPS) {
            for (Who who : Who.values()) {
                for (Scope scope : Scope.values()) {
                    if (scope == Scope.ANOTHER_FIRM && op.unknownId() == null) continue; // the call names no id
                    cases.add(Arguments.of(op, who, scope, expected(op, who, scope)));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} ({1}) by {2}, {3}: {4}")
    @MethodSource("matrix")
    void everyRoute_answersEveryCaller_asThePolicySays(Op op, Who who, Scope scope, Outcome expected) {
        Ids ids = scope == Scope.ANOTHER_FIRM ? foreign : op.fresh() ? fresh() : shared;
        Call call = op.call().apply(ids);
        stack.settle();
        List<String> before = stack.scan();

        Response response = send(who, call);
        Response twin = scope == Scope.ANOTHER_FIRM ? send(who, op.call().apply(unknown)) : null;
        stack.settle();

        String what = op + " by " + who + " on " + call.path() + " -> " + response.status() + " " + response.body();
        assertThat(response.status()).as(what).isEqualTo(expected.status());
        if (expected.isAllowed()) {
            if (op.routeKey().equals("GET /pipelines/{pipelineId}/jobs")) {
                assertBoardShowsOnlyVisibleJobs(who, response, call.path().endsWith("includeArchived=true"));
            }
            if (op.routeKey().equals("GET /accounts")) assertListShowsOnlyVisibleAccounts(who, response);
            return;
        }
        JsonNode error = response.json().field("error").orElseThrow(() -> new AssertionError(what));
        assertThat(text(error, "code")).as(what).isEqualTo(expected.code());
        assertThat(text(error, "message")).as(what).isNotBlank();
        if (twin != null) {
            assertThat(twin.status()).as("the same call with unknown ids: " + twin.body()).isEqualTo(response.status());
            assertThat(normalize(response.body(), foreign)).as(what + " vs the same call with unknown ids")
                    .isEqualTo(normalize(twin.body(), unknown));
            String answer = normalize(response.body(), foreign);
            assertThat(answer).as(what).doesNotContain(ForeignFirm.MARK);
            for (String id : zeta.ids()) assertThat(answer).as(what).doesNotContain(id);
        }
        assertThat(stack.scan()).as(what + ": a refusal writes nothing").isEqualTo(before);
    }

    /** The board lists exactly the jobs of the accounts the caller may work on; archived ones only if asked. */
    private void assertBoardShowsOnlyVisibleJobs(Who who, Response response, boolean withArchived) {
        Set<String> shown = new TreeSet<>();
        for (JsonNode stage : response.json().field("stages").orElseThrow().asArray()) {
            for (JsonNode job : stage.field("jobs").orElseThrow().asArray()) shown.add(text(job, "jobId"));
        }
        Set<String> visible = new TreeSet<>();
        if (mayWorkOn(who, true)) visible.add(teamJobOnBoard);
        if (mayWorkOn(who, true) && withArchived) visible.add(archivedTeamJobOnBoard);
        if (mayWorkOn(who, false)) visible.add(otherJobOnBoard);
        assertThat(shown).as("the board as " + who + " sees it").isEqualTo(visible);
    }

    /** The account list holds the team's account exactly for those who may work on it, nobody's only for all-seers. */
    private void assertListShowsOnlyVisibleAccounts(Who who, Response response) {
        Set<String> shown = new TreeSet<>();
        for (JsonNode a : response.json().field("accounts").orElseThrow().asArray()) shown.add(text(a, "accountId"));
        assertThat(shown.contains(teamAccount)).as("the team's account, as " + who + " sees the list").isEqualTo(mayWorkOn(who, true));
        assertThat(shown.contains(otherAccount)).as("nobody's account, as " + who + " sees the list").isEqualTo(mayWorkOn(who, false));
    }

    @Test
    void theMatrixCoversEveryAuthorizedRouteOfTheTemplate() {
        Set<String> routes = Template.load(Stack.TEMPLATE).functions().stream().flatMap(f -> f.routes().stream())
                .filter(Template.HttpRoute::authorized).map(Template.HttpRoute::routeKey).collect(Collectors.toCollection(TreeSet::new));
        Set<String> covered = OPS.stream().map(Op::routeKey).collect(Collectors.toCollection(TreeSet::new));
        assertThat(covered).isEqualTo(routes);
        long cases = matrix().count();
        long allowed = matrix().filter(a -> ((Outcome) a.get()[3]).isAllowed()).count();
        StringBuilder report = new StringBuilder("Authorization matrix: " + cases + " cases (" + OPS.size() + " operations on "
                + routes.size() + " routes x " + Who.values().length + " callers x own firm / another firm where the call names ids): "
                + allowed + " allowed, " + (cases - allowed) + " refused\n");
        for (Op op : OPS) {
            long n = matrix().filter(a -> a.get()[0] == op).count();
            report.append(String.format("  %-50s %-34s %3d%n", op.routeKey(), op.name(), n));
        }
        System.out.print(report);
        try {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "authorization-matrix.txt"), report);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(cases).isGreaterThanOrEqualTo((long) routes.size() * Who.values().length);
    }

    // ------------------------------------------------------------------------------------------------------

    private Response send(Who who, Call call) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-user-id", who.userId);
        if (who.firmClaim) headers.put("x-firm-id", firm.firmId);
        return stack.runtime.http(call.method(), call.path(), headers, call.body() == null ? null : Json.write(call.body()));
    }

    /** The answer with the ids of the call replaced, so the answers to two sets of ids can be compared. */
    private static String normalize(String body, Ids ids) {
        if (body == null) return "";
        String out = body;
        for (String id : List.of(ids.account(), ids.pipeline(), ids.stage(), ids.patchPipeline(), ids.patchStage(),
                ids.template(), ids.job(), ids.request(), ids.looseRequest(), ids.member(), ids.boardPipeline(),
                ids.submittedRequest(), ids.archivedJob(), ids.spareMember())) {
            out = out.replace(id, "<id>");
        }
        return out;
    }

    private String account(String name, List<String> team) {
        return text(firm.ok("POST", "/accounts", Map.of("name", name, "contacts",
                List.of(Map.of("name", "C", "email", "c@matrix.example")), "teamMemberIds", team)), "accountId");
    }

    private String job(String accountId, String pipelineId, String title) {
        return text(firm.ok("POST", "/jobs", Map.of("accountId", accountId, "pipelineId", pipelineId, "title", title)), "jobId");
    }

    private String request(String accountId, List<String> jobIds) {
        return text(firm.ok("POST", "/client-requests", Map.of("accountId", accountId, "templateId", firm.templateId,
                "jobIds", jobIds)), "requestId");
    }
}
