package io.automove.handlers;

import io.automove.model.ClientRequest;
import io.automove.usecases.ChangeClientRequest;
import io.automove.usecases.ChangeClientRequest.Patch;
import io.automove.usecases.ReadClientRequests;
import io.automove.usecases.ReopenClientRequest;
import io.automove.usecases.ResendClientRequest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client request's life after it is sent: change its reminders or due date, resend it now, reopen it once
 * submitted. Each answers the request as GET /client-requests/{id} shows it.
 */
public final class RequestLifecycleHandler extends ApiFunction {
    private final ChangeClientRequest change;
    private final ResendClientRequest resend;
    private final ReopenClientRequest reopen;
    private final ReadClientRequests read;
    private final Priming priming;
    private final Map<String, Route> routes = new LinkedHashMap<>();

    public RequestLifecycleHandler() {
        this(Wiring.fromEnvironment());
    }

    public RequestLifecycleHandler(Wiring wiring) {
        this.change = new ChangeClientRequest(wiring.directory(), wiring.store(), wiring.clock());
        this.resend = new ResendClientRequest(wiring.directory(), wiring.store(), wiring.clock(), wiring.emailCap());
        this.reopen = new ReopenClientRequest(wiring.directory(), wiring.store(), wiring.clock(), wiring.emailCap());
        this.read = new ReadClientRequests(wiring.directory(), wiring.store());
        routes.put("PATCH /client-requests/{requestId}", this::change);
        routes.put("POST /client-requests/{requestId}/resend", r -> {
            Body body = Body.optional(r); // none, or {}
            if (body != null) body.end();
            return answer(resend.resend(r.caller(), r.path("requestId")));
        });
        routes.put("POST /client-requests/{requestId}/reopen", r -> {
            String message = null;
            Body body = Body.optional(r); // none, {}, or {"message": ...}
            if (body != null) {
                message = body.optText("message");
                body.end();
            }
            return answer(reopen.reopen(r.caller(), r.path("requestId"), message));
        });
        this.priming = Priming.register("RequestLifecycleFunction", this::prime);
    }

    @Override
    protected Map<String, Route> routes() { return routes; }

    private HttpResponse change(HttpRequest r) {
        Body body = Body.of(r);
        var reminders = BodyParts.reminders(body);
        boolean clearDueAt = body.isExplicitNull("dueAt");
        var dueAt = body.optInstant("dueAt");
        body.end();
        if (reminders == null && dueAt == null && !clearDueAt) {
            throw io.automove.model.DomainException.invalid("MISSING_FIELD", "Give reminders, dueAt, or both.");
        }
        return answer(change.change(r.caller(), r.path("requestId"), new Patch(reminders, dueAt, clearDueAt)));
    }

    private HttpResponse answer(ClientRequest request) {
        return HttpResponse.json(200, Views.requestCard(read.withJobs(request)));
    }

    /** Read-only paths of a real invocation, for the snapshot (see {@link Priming}). */
    void prime() {
        primeWith(Priming.httpEvent("POST /client-requests/{requestId}/resend", "/client-requests/req_priming/resend", null));
    }

    Priming priming() { return priming; }
}
