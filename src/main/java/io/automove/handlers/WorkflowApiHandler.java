package io.automove.handlers;

import io.automove.model.AutomationType;
import io.automove.model.Contact;
import io.automove.model.DomainException;
import io.automove.model.Firm;
import io.automove.usecases.CreateJob;
import io.automove.usecases.Created;
import io.automove.usecases.MoveJob;
import io.automove.usecases.ReadClientRequests;
import io.automove.usecases.ReadJobs;
import io.automove.usecases.SetUpFirm;
import io.automove.usecases.SetUpFirm.StagePatch;
import io.automove.usecases.SetUpFirm.StageSpec;
import io.automove.model.ItemKind;
import io.automove.model.Job;
import io.automove.model.Pipeline;
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
    private final CreateJob createJob;
    private final MoveJob moveJob;
    private final ReadJobs readJobs;
    private final ReadClientRequests readRequests;
    private final Priming priming;
    private final Map<String, Route> routes = new LinkedHashMap<>();

    public WorkflowApiHandler() {
        this(Wiring.fromEnvironment());
    }

    public WorkflowApiHandler(Wiring wiring) {
        this.setup = new SetUpFirm(wiring.directory(), wiring.ids());
        this.createJob = new CreateJob(wiring.directory(), wiring.store(), wiring.ids(), wiring.clock());
        this.moveJob = new MoveJob(wiring.directory(), wiring.store(), wiring.clock());
        this.readJobs = new ReadJobs(wiring.directory(), wiring.store());
        this.readRequests = new ReadClientRequests(wiring.directory(), wiring.store());
        routes.put("POST /firms", this::createFirm);
        routes.put("POST /members", this::addMember);
        routes.put("POST /accounts", this::createAccount);
        routes.put("POST /request-templates", this::createTemplate);
        routes.put("POST /pipelines", this::createPipeline);
        routes.put("GET /pipelines/{pipelineId}", r -> HttpResponse.json(200,
                Views.pipeline(readJobs.pipeline(r.caller(), r.path("pipelineId")))));
        routes.put("PATCH /pipelines/{pipelineId}/stages/{stageId}", this::updateStage);
        routes.put("GET /pipelines/{pipelineId}/jobs", r -> HttpResponse.json(200,
                Views.board(readJobs.board(r.caller(), r.path("pipelineId")))));
        routes.put("POST /jobs", this::createJob);
        routes.put("POST /jobs/{jobId}/move", this::moveJob);
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
        Created<Firm> firm = setup.createFirm(r.caller(), name, idempotencyKey(r));
        return created(Map.of("firmId", firm.value().firmId()), firm.replayed());
    }

    private HttpResponse addMember(HttpRequest r) {
        Body body = Body.of(r);
        String userId = body.str("userId");
        Role role = body.enumValue("role", Role.class);
        Set<Right> rights = EnumSet.noneOf(Right.class);
        for (String right : body.strings("rights")) {
            try {
                rights.add(Right.valueOf(right));
            } catch (IllegalArgumentException e) {
                throw DomainException.invalid("INVALID_FIELD", "rights must be a list of " + List.of(Right.values()) + ".");
            }
        }
        body.end();
        var member = setup.addMember(r.caller(), userId, role, rights);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("userId", member.userId());
        answer.put("role", member.role().name());
        answer.put("rights", member.rights().stream().map(Enum::name).sorted().toList());
        return HttpResponse.json(201, answer);
    }

    private HttpResponse createAccount(HttpRequest r) {
        Body body = Body.of(r);
        String name = body.str("name");
        List<Contact> contacts = new ArrayList<>();
        for (Body c : body.objects("contacts")) {
            contacts.add(new Contact(c.str("name"), c.str("email")));
            c.end();
        }
        Set<String> team = new LinkedHashSet<>(body.strings("teamMemberIds"));
        body.end();
        var account = setup.createAccount(r.caller(), name, contacts, team, idempotencyKey(r));
        return created(Map.of("accountId", account.value().accountId()), account.replayed());
    }

    private HttpResponse createTemplate(HttpRequest r) {
        Body body = Body.of(r);
        String name = body.str("name");
        String subject = body.str("subject");
        String message = body.text("message");
        List<RequestItem> items = items(body);
        body.end();
        var template = setup.createTemplate(r.caller(), name, subject, message, items, idempotencyKey(r));
        return created(Map.of("templateId", template.value().templateId()), template.replayed());
    }

    /** The {@code items} of a template or an ad-hoc request. */
    static List<RequestItem> items(Body body) {
        List<RequestItem> items = new ArrayList<>();
        for (Body i : body.objects("items")) {
            items.add(new RequestItem(i.enumValue("kind", ItemKind.class), i.str("label"), i.bool("required", true)));
            i.end();
        }
        return items;
    }

    private HttpResponse createPipeline(HttpRequest r) {
        Body body = Body.of(r);
        String name = body.str("name");
        List<StageSpec> specs = new ArrayList<>();
        for (Body s : body.objects("stages")) {
            specs.add(new StageSpec(s.str("name"), s.bool("automove", false), automations(s, "automations")));
            s.end();
        }
        body.end();
        Created<Pipeline> pipeline = setup.createPipeline(r.caller(), name, specs, idempotencyKey(r));
        List<Object> stages = new ArrayList<>();
        for (Stage s : pipeline.value().stages()) stages.add(Map.of("stageId", s.stageId(), "name", s.name()));
        return created(Map.of("pipelineId", pipeline.value().pipelineId(), "stages", stages), pipeline.replayed());
    }

    private static List<StageAutomation> automations(Body body, String field) {
        List<Body> list = body.optObjects(field);
        if (list == null) return null;
        List<StageAutomation> automations = new ArrayList<>();
        for (Body a : list) {
            automations.add(new StageAutomation(a.enumValue("type", AutomationType.class), a.str("templateId")));
            a.end();
        }
        return automations;
    }

    private HttpResponse updateStage(HttpRequest r) {
        Body body = Body.of(r);
        StagePatch patch = new StagePatch(body.optStr("name"), body.optBool("automove"), automations(body, "automations"));
        body.end();
        Pipeline pipeline = setup.editStage(r.caller(), r.path("pipelineId"), r.path("stageId"), patch);
        return HttpResponse.json(200, Views.stage(pipeline.stage(r.path("stageId")).orElseThrow()));
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

    /** Read-only paths of a real invocation, for the snapshot (see {@link Priming}). */
    void prime() {
        primeWith(Priming.httpEvent("GET /jobs/{jobId}", "/jobs/job_priming", null));
        primeWith(Priming.httpEvent("POST /jobs", "/jobs", "{\"accountId\":\"a\",\"pipelineId\":\"p\",\"title\":\"t\"}"));
    }

    Priming priming() { return priming; }
}
