package io.automove.handlers;

import io.automove.model.DomainEvent;
import io.automove.model.DomainEvent.JobStageChanged;
import io.automove.usecases.RunStageAutomations;
import io.automove.support.Log;

/** On JobStageChanged: runs the automations of the stage the job entered. */
public final class StageEntryHandler extends EventFunction {
    private final RunStageAutomations automations;
    private final Priming priming;

    public StageEntryHandler() {
        this(Wiring.fromEnvironment());
    }

    public StageEntryHandler(Wiring wiring) {
        this.automations = new RunStageAutomations(wiring.directory(), wiring.store(), wiring.clock());
        this.priming = Priming.register("StageEntryFunction", this::prime);
    }

    @Override
    public void handle(DomainEvent event, Attempt attempt) {
        if (!(event instanceof JobStageChanged changed)) {
            Log.warn("ignored event", "detailType", event.detailType());
            return;
        }
        RunStageAutomations.Result result = automations.onJobStageChanged(changed);
        Log.info("stage entered", "firmId", changed.firmId(), "jobId", changed.jobId(), "stageId", changed.toStageId(),
                "stageVersion", changed.stageVersion(), "outcome", result.outcome().name(), "count", result.requestIds().size());
    }

    /** Read-only paths of a real invocation, for the snapshot (see {@link Priming}). */
    void prime() {
        primeWith(Priming.busEvent("JobStageChanged", "{\"firmId\":\"firm_priming\",\"jobId\":\"job_priming\",\"accountId\":\"acc_priming\",\"pipelineId\":\"pl_priming\",\"fromStageId\":null,\"toStageId\":\"stg_priming\",\"stageVersion\":1,\"automations\":[],\"cause\":\"MANUAL\",\"movedBy\":\"user_priming\"}"));
    }

    Priming priming() { return priming; }
}
