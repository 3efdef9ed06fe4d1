package io.automove.handlers;

import io.automove.model.AutomationType;
import io.automove.model.Contact;
import io.automove.model.DomainException;
import io.automove.model.Firm;
import io.automove.usecases.ArchiveJob;
import io.automove.usecases.CreateJob;
import io.automove.usecases.Created;
import io.automove.usecases.ManageMembers;
import io.automove.usecases.MoveJob;
import io.automove.usecases.ReadClientRequests;
import io.automove.usecases.ReadJobs;
import io.automove.usecases.SetUpFirm;
import io.automove.usecases.SetUpFirm.StagePatch;
import io.automove.usecases.SetUpFirm.StageSpec;
import io.automove.model.ItemKind;
import io.automove.model.Job;
import io.automove.model.Pipeline;
import io.automove.model.ReminderSettings;
import io.automove.model.RequestItem;
import io.automove.model.Right;
import io.automove.model.Role;
import io.automove.model.Stage;
import io.automove.model.StageAutomation;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The workflow API: firms, members, accounts, request templates, pipelines and jobs. */
public final class WorkflowApiHandler extends ApiFunction {
    private final SetUpFirm setup;
    private final ManageMembers members;
    private final CreateJob createJob;
    private final MoveJob moveJob;
    private final ReadJobs readJobs;
    private final ReadClientRequests readRequests;
    private final ArchiveJob archiveJob;
    private final Cursors cursors;
    private final Priming priming;
    private final Map<String, Route> routes = new LinkedHashMap<>();

    public WorkflowApiHandler() {
        this(Wiring.fromEnvironment());
    }

    public WorkflowApiHandler(Wiring wiring) {
        this.setup = new SetUpFirm(wiring.directory(), wiring.ids(),
                SetUpFirm.FirmCreation.of(wiring.settings().firmCreation()));
        this.members = new ManageMembers(wiring.directory());
        this.createJob = new CreateJob(wiring.directory(), wiring.store(), wiring.ids(), wiring.clock(), wiring.emailCap());
        this.moveJob = new MoveJob(wiring.directory(), wiring.store(), wiring.clock(), wiring.emailCap());
        this.readJobs = new ReadJobs(wiring.directory(), wiring.store());
        this.readRequests = new ReadClientRequests(wiring.directory(), wiring.store());
        this.archiveJob = new ArchiveJob(wiring.directory(), wiring.store());
        this.cursors = new Cursors(wiring.settings() == null ? null : wiring.settings().cursorKey());
        routes.put("POST /firms", this::createFirm);
        routes.put("POST /members", this::addMember);
        routes.put("POST /accounts", this::createAccount);
        routes.put("POST /request-templates", this::createTemplate);
        routes.put("POST /pipelines", this::createPipeline);
        routes.put("GET /pipelines/{pipelineId}", r -> HttpResponse.json(200,
                Views.pipeline(readJobs.pipeline(r.caller(), r.path("pipelineId")))));
        routes.put("PATCH /pipelines/{pipelineId}/stages/{stageId}", this::updateStage);
        routes.put("GET /pipelines/{pipelineId}/jobs", this::board);
        routes.put("POST /jobs", this::createJob);
        routes.put("POST /jobs/{jobId}/move", this::moveJob);
        routes.put("POST /jobs/{jobId}/archive", r -> jobAnswer(archiveJob.archive(r.caller(), noBody(r).path("jobId"))));
        routes.put("POST /jobs/{jobId}/unarchive", r -> jobAnswer(archiveJob.unarchive(r.caller(), noBody(r).path("jobId"))));
        routes.put("GET /jobs/{jobId}", r -> HttpResponse.json(200, Views.jobCard(readJobs.card(r.caller(), r.path("jobId")))));
        routes.put("GET /client-requests/{requestId}", r -> HttpResponse.json(200,
                Views.requestCard(readRequests.card(r.caller(), r.path("requestId")))));
        this.priming = Priming.register("WorkflowApiFunction", this::prime);
    }

    @Override
    protected Map<String, Route> routes() { return routes; }

    private HttpResponse createFirm(HttpRequest r) {
        Body body = Body.of(r);
        String name = body.str("name");
        body.end();
        Created<Firm> firm;
        try {
            firm = setup.createFirm(r.caller(), name, idempotencyKey(r));
        } catch (DomainException e) {
            // the one line an operator looks for when someone tries to found a second firm on a single-firm stack
            if ("FIRM_CREATION_CLOSED".equals(e.code())) io.automove.support.Log.warn("firm creation refused", "mode", "SingleFirm");
            throw e;
        }
        return created(Map.of("firmId", firm.value().firmId()), firm.replayed());
    }

    private HttpResponse addMember(HttpRequest r) {
        Body body = Body.of(r);
        String userId = body.str("userId");
        Role role = body.enumValue("role", Role.class);
        Set<Right> rights = BodyParts.rights(body);
        body.end();
        var member = members.add(r.caller(), userId, role, rights == null ? Set.of() : rights);
        return HttpResponse.json(201, Views.member(member));
    }

    private HttpResponse createAccount(HttpRequest r) {
        Body body = Body.of(r);
        String name = body.str("name");
        if (!body.has("contacts")) throw DomainException.invalid("MISSING_FIELD", "contacts is required.");
        List<Contact> contacts = BodyParts.contacts(body);
        Set<String> team = new LinkedHashSet<>(body.strings("teamMemberIds"));
        Set<String> tags = new LinkedHashSet<>(body.strings("tags"));
        body.end();
        var account = setup.createAccount(r.caller(), name, contacts, team, tags, idempotencyKey(r));
        return created(Map.of("accountId", account.value().accountId()), account.replayed());
    }

    private HttpResponse createTemplate(HttpRequest r) {
        Body body = Body.of(r);
        String name = body.str("name");
        String subject = body.str("subject");
        String message = body.text("message");
        List<RequestItem> items = BodyParts.items(body);
        ReminderSettings reminders = BodyParts.reminders(body);
        Integer dueInDays = BodyParts.dueInDays(body);
        body.end();
        var template = setup.createTemplate(r.caller(), name, subject, message, items, reminders, dueInDays,
                idempotencyKey(r));
        return created(Map.of("templateId", template.value().templateId()), template.replayed());
    }


    private HttpResponse createPipeline(HttpRequest r) {
        Body body = Body.of(r);
        String name = body.str("name");
        List<StageSpec> specs = new ArrayList<>();
        for (Body s : body.objects("stages")) {
            specs.add(new StageSpec(s.str("name"), s.bool("automove", false), BodyParts.automations(s, "automations")));
            s.end();
        }
        body.end();
        Created<Pipeline> pipeline = setup.createPipeline(r.caller(), name, specs, idempotencyKey(r));
        List<Object> stages = new ArrayList<>();
        for (Stage s : pipeline.value().stages()) stages.add(Map.of("stageId", s.stageId(), "name", s.name()));
        return created(Map.of("pipelineId", pipeline.value().pipelineId(), "stages", stages), pipeline.replayed());
    }


    private HttpResponse updateStage(HttpRequest r) {
        Body body = Body.of(r);
        StagePatch patch = new StagePatch(body.optStr("name"), body.optBool("automove"), BodyParts.automations(body, "automations"));
        body.end();
        Pipeline pipeline = setup.editStage(r.caller(), r.path("pipelineId"), r.path("stageId"), patch);
        return HttpResponse.json(200, Views.stage(pipeline.stage(r.path("stageId")).orElseThrow()));
    }

    /**
     * The board: without stageId, every stage with its first page ({@code limit} per stage) and its own nextCursor;
     * with stageId, that stage alone, page by page. A stage's cursor is bound to the pipeline, the stage and
     * whether archived jobs are shown, so the board's nextCursor for a stage goes on with ?stageId= of that stage.
     */
    private HttpResponse board(HttpRequest r) {
        String pipelineId = r.path("pipelineId");
        boolean archived = flag(r, "includeArchived");
        String firmId = r.caller().firmId();
        String stageId = r.query().get("stageId");
        if (stageId == null) {
            var limit = cursors.request(r, firmId, stageQuery(pipelineId, null, archived)).limit();
            ReadJobs.Board board = readJobs.board(r.caller(), pipelineId, archived, limit);
            return HttpResponse.json(200, Views.board(board,
                    (stage, next) -> cursors.seal(next, firmId, stageQuery(pipelineId, stage, archived))));
        }
        String query = stageQuery(pipelineId, stageId, archived);
        ReadJobs.StagePage page = readJobs.stage(r.caller(), pipelineId, stageId, archived, cursors.request(r, firmId, query));
        return HttpResponse.json(200, Views.stagePage(page, cursors.seal(page.jobs().next(), firmId, query)));
    }

    private static String stageQuery(String pipelineId, String stageId, boolean archived) {
        return "GET /pipelines/" + pipelineId + "/jobs?stageId=" + stageId + "&includeArchived=" + archived;
    }

    private HttpResponse createJob(HttpRequest r) {
        Body body = Body.of(r);
        String accountId = body.str("accountId");
        String pipelineId = body.str("pipelineId");
        String title = body.str("title");
        String stageId = body.optStr("stageId");
        body.end();
        Created<Job> job = createJob.create(r.caller(), accountId, pipelineId, title, stageId, idempotencyKey(r));
        return created(Map.of("jobId", job.value().jobId(), "stageId", job.value().stageId()), job.replayed());
    }

    private HttpResponse moveJob(HttpRequest r) {
        Body body = Body.of(r);
        String toStageId = body.str("toStageId");
        MoveJob.UnfinishedRequests decision = body.optEnum("unfinishedRequests", MoveJob.UnfinishedRequests.class);
        body.end();
        Job job = moveJob.move(r.caller(), r.path("jobId"), toStageId, decision);
        return HttpResponse.json(200, Map.of("jobId", job.jobId(), "stageId", job.stageId()));
    }

    private static HttpResponse jobAnswer(Job job) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("jobId", job.jobId());
        answer.put("stageId", job.stageId());
        answer.put("archived", job.archived());
        return HttpResponse.json(200, answer);
    }

    /** A query flag: absent or "false" is off, "true" is on, anything else is refused. */
    private static boolean flag(HttpRequest r, String name) {
        String v = r.query().get(name);
        if (v == null || v.equals("false")) return false;
        if (v.equals("true")) return true;
        throw DomainException.invalid("INVALID_FIELD", "The " + name + " query parameter must be true or false.");
    }

    /** Read-only paths of a real invocation, for the snapshot (see {@link Priming}). */
    void prime() {
        primeWith(Priming.httpEvent("GET /jobs/{jobId}", "/jobs/job_priming", null));
        primeWith(Priming.httpEvent("POST /jobs", "/jobs", "{\"accountId\":\"a\",\"pipelineId\":\"p\",\"title\":\"t\"}"));
    }

    Priming priming() { return priming; }
}
