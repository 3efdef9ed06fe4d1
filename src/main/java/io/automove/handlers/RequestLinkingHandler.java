package io.automove.handlers;

import io.automove.model.ClientRequest;
import io.automove.usecases.CreateClientRequest;
import io.automove.usecases.CreateClientRequest.Draft;
import io.automove.usecases.Created;
import io.automove.usecases.LinkClientRequests;
import io.automove.usecases.ReadClientRequests;
import io.automove.usecases.ReadClientRequests.RequestWithJobs;
import io.automove.model.DomainException;
import io.automove.model.RequestItem;

import io.automove.usecases.ports.Page;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request linking: link client requests to jobs by hand, from the job card, while creating a request, or from
 * the account's request list. Links made here count for automove exactly like those of automations.
 */
public final class RequestLinkingHandler extends ApiFunction {
    private final LinkClientRequests linking;
    private final CreateClientRequest creating;
    private final ReadClientRequests reading;
    private final Cursors cursors;
    private final Priming priming;
    private final Map<String, Route> routes = new LinkedHashMap<>();

    public RequestLinkingHandler() {
        this(Wiring.fromEnvironment());
    }

    public RequestLinkingHandler(Wiring wiring) {
        this.linking = new LinkClientRequests(wiring.directory(), wiring.store());
        this.creating = new CreateClientRequest(wiring.directory(), wiring.store(), wiring.ids(), wiring.clock(),
                wiring.emailCap());
        this.reading = new ReadClientRequests(wiring.directory(), wiring.store());
        this.cursors = new Cursors(wiring.settings() == null ? null : wiring.settings().cursorKey());
        routes.put("POST /jobs/{jobId}/client-requests", this::fromJobCard);
        routes.put("DELETE /jobs/{jobId}/client-requests/{requestId}", r -> {
            linking.unlink(r.caller(), r.path("jobId"), r.path("requestId"));
            return HttpResponse.noContent();
        });
        routes.put("POST /client-requests", this::create);
        routes.put("GET /client-requests", this::ofAccount);
        routes.put("PUT /client-requests/{requestId}/jobs", this::setJobs);
        this.priming = Priming.register("RequestLinkingFunction", this::prime);
    }

    @Override
    protected Map<String, Route> routes() { return routes; }

    /** {requestId} links an existing request (200); a template or written content creates one (201). */
    private HttpResponse fromJobCard(HttpRequest r) {
        Body body = Body.of(r);
        String jobId = r.path("jobId");
        if (body.has("requestId")) {
            String requestId = body.str("requestId");
            body.end();
            ClientRequest linked = linking.link(r.caller(), jobId, requestId);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("jobId", jobId);
            answer.put("requestId", linked.requestId());
            answer.put("status", linked.status().name());
            return HttpResponse.json(200, answer);
        }
        Draft draft = draft(body);
        body.end();
        Created<RequestWithJobs> created = creating.createForJob(r.caller(), jobId, draft, idempotencyKey(r));
        return created(created(created.value()), created.replayed());
    }

    private HttpResponse create(HttpRequest r) {
        Body body = Body.of(r);
        String accountId = body.str("accountId");
        List<String> jobIds = body.strings("jobIds");
        Draft draft = draft(body);
        body.end();
        Created<RequestWithJobs> created = creating.create(r.caller(), accountId, draft, jobIds, idempotencyKey(r));
        return created(created(created.value()), created.replayed());
    }

    private HttpResponse ofAccount(HttpRequest r) {
        String accountId = r.query().get("accountId");
        if (accountId == null || accountId.isBlank()) {
            throw DomainException.invalid("MISSING_FIELD", "The accountId query parameter is required.");
        }
        String firmId = r.caller().firmId();
        String query = "GET /client-requests?accountId=" + accountId;
        Page<RequestWithJobs> page = reading.ofAccount(r.caller(), accountId, cursors.request(r, firmId, query));
        List<Object> list = new ArrayList<>();
        for (RequestWithJobs rw : page.items()) {
            Map<String, Object> m = Views.requestSummary(rw.request());
            m.put("jobs", Views.linkedJobs(rw.jobs()));
            list.add(m);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("clientRequests", list);
        answer.put("nextCursor", cursors.seal(page.next(), firmId, query));
        return HttpResponse.json(200, answer);
    }

    private HttpResponse setJobs(HttpRequest r) {
        Body body = Body.of(r);
        if (!body.has("jobIds")) throw DomainException.invalid("MISSING_FIELD", "jobIds is required.");
        List<String> jobIds = body.strings("jobIds");
        body.end();
        RequestWithJobs result = linking.setJobs(r.caller(), r.path("requestId"), jobIds);
        Map<String, Object> m = Views.requestSummary(result.request());
        m.put("jobs", Views.linkedJobs(result.jobs()));
        return HttpResponse.json(200, m);
    }

    private static Draft draft(Body body) {
        String templateId = body.optStr("templateId");
        String title = body.optStr("title");
        String message = body.optText("message");
        List<RequestItem> items = body.has("items") ? BodyParts.items(body) : null;
        return new Draft(templateId, title, message, items, BodyParts.reminders(body), BodyParts.dueInDays(body),
                body.optInstant("dueAt"));
    }

    private static Map<String, Object> created(RequestWithJobs rw) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestId", rw.request().requestId());
        m.put("jobs", Views.linkedJobs(rw.jobs()));
        return m;
    }

    /** Read-only paths of a real invocation, for the snapshot (see {@link Priming}). */
    void prime() {
        primeWith(Priming.httpEvent("GET /client-requests", "/client-requests", null));
        primeWith(Priming.httpEvent("POST /jobs/{jobId}/client-requests", "/jobs/job_priming/client-requests",
                "{\"requestId\":\"req_priming\"}"));
    }

    Priming priming() { return priming; }
}
