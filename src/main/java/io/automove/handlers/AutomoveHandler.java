package io.automove.handlers;

import io.automove.usecases.AutomoveJobs;
import io.automove.model.DomainEvent;
import io.automove.model.DomainEvent.ClientRequestSubmitted;
import io.automove.support.Log;

import java.util.List;

/** On ClientRequestSubmitted: moves each linked job whose stage has automove on and nothing left unfinished. */
public final class AutomoveHandler extends EventFunction {
    private final AutomoveJobs automove;
    private final Priming priming;

    public AutomoveHandler() {
        this(Wiring.fromEnvironment());
    }

    public AutomoveHandler(Wiring wiring) {
        this.automove = new AutomoveJobs(wiring.directory(), wiring.store(), wiring.clock());
        this.priming = Priming.register("AutomoveFunction", this::prime);
    }

    @Override
    public void handle(DomainEvent event, Attempt attempt) {
        if (!(event instanceof ClientRequestSubmitted submitted)) {
            Log.warn("ignored event", "detailType", event.detailType());
            return;
        }
        List<AutomoveJobs.Moved> moved = automove.onSubmitted(submitted);
        for (AutomoveJobs.Moved m : moved) {
            Log.info("job automoved", "firmId", submitted.firmId(), "requestId", submitted.requestId(), "jobId", m.jobId(),
                    "fromStageId", m.fromStageId(), "toStageId", m.toStageId());
        }
        Log.info("submission handled", "firmId", submitted.firmId(), "requestId", submitted.requestId(),
                "count", moved.size());
    }

    /** Read-only paths of a real invocation, for the snapshot (see {@link Priming}). */
    void prime() {
        primeWith(Priming.busEvent("ClientRequestSubmitted", "{\"firmId\":\"firm_priming\",\"requestId\":\"req_priming\",\"accountId\":\"acc_priming\",\"jobIds\":[\"job_priming\"],\"submittedAt\":\"2026-01-01T00:00:00Z\"}"));
    }

    Priming priming() { return priming; }
}
