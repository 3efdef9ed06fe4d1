package io.automove.handlers;

import io.automove.model.DomainEvent;
import io.automove.model.DomainEvent.JobStageChanged;
import io.automove.usecases.StageEntry;
import io.automove.support.Log;

/** On JobStageChanged: runs the automations of the stage the job entered. */
public final class StageEntryHandler extends EventFunction {
    private final StageEntry stageEntry;
    private final Priming priming;

    public StageEntryHandler() {
        this(Wiring.fromEnvironment());
    }

    public StageEntryHandler(Wiring wiring) {
        this.stageEntry = new StageEntry(wiring.directory(), wiring.store(), wiring.clock());
        this.priming = Priming.register("StageEntryFunction", this::prime);
    }

    @Override
    public void handle(DomainEvent event, Delivery delivery) {
        if (!(event instanceof JobStageChanged changed)) {
            Log.warn("ignored event", "detailType", event.detailType());
            return;
        }
        StageEntry.Result result = stageEntry.onJobStageChanged(changed);
        Log.info("stage entered", "firmId", changed.firmId(), "jobId", changed.jobId(), "stageId", changed.toStageId(),
                "stageVersion", changed.stageVersion(), "outcome", result.outcome().name(), "count", result.requestIds().size());
    }

    /** Read-only paths of a real invocation, for the snapshot (see {@link Priming}). */
    void prime() {
        primeWith(Priming.busEvent("JobStageChanged", "{\"firmId\":\"firm_priming\",\"jobId\":\"job_priming\",\"accountId\":\"acc_priming\",\"pipelineId\":\"pl_priming\",\"fromStageId\":null,\"toStageId\":\"stg_priming\",\"stageVersion\":1,\"automations\":[],\"cause\":\"MANUAL\",\"movedBy\":\"user_priming\"}"));
    }

    Priming priming() { return priming; }
}
