package io.automove.handlers;

import io.automove.model.Activity;
import io.automove.model.DomainEvent;
import io.automove.support.Log;
import io.automove.usecases.RecordActivity;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * On every event of the bus: writes its activity entry (the firm's trail, and the trail of each job and request
 * it names). Ids and kinds only reach the log.
 */
public final class ActivityTrailHandler extends EventFunction {
    private final RecordActivity recordActivity;
    private final java.time.Clock clock;
    private final Priming priming;

    public ActivityTrailHandler() {
        this(Wiring.fromEnvironment());
    }

    public ActivityTrailHandler(Wiring wiring) {
        this.recordActivity = new RecordActivity(wiring.activityTrail());
        this.clock = wiring.clock();
        this.priming = Priming.register("ActivityTrailFunction", this::prime);
    }

    @Override
    protected void handle(DomainEvent event, JsonNode envelope, JsonNode detail, Attempt attempt) {
        record(event, Stored.of(envelope, detail));
    }

    /** An event handed over without its envelope (a test): stored now, first of its change. */
    @Override
    public void handle(DomainEvent event, Attempt attempt) {
        record(event, new Stored(clock.instant(), 0));
    }

    private void record(DomainEvent event, Stored stored) {
        Activity entry = recordActivity.record(event, stored.at(), stored.seq());
        Log.info("activity recorded", "firmId", entry.firmId(), "eventId", entry.eventId(), "detailType", entry.kind(),
                "count", 1 + entry.jobIds().size() + (entry.requestId() == null ? 0 : 1));
    }

    /** The paths of a real invocation short of the table, for the snapshot (see {@link Priming}). */
    void prime() {
        Activity.of(io.automove.adapters.events.EventCodec.decode("JobStageChanged", io.automove.support.Json.parse(
                "{\"firmId\":\"firm_priming\",\"jobId\":\"job_priming\",\"accountId\":\"acc_priming\",\"pipelineId\":\"pl_priming\",\"fromStageId\":null,\"toStageId\":\"stg_priming\",\"stageVersion\":1,\"automations\":[],\"cause\":\"MANUAL\",\"movedBy\":\"user_priming\"}")),
                clock.instant(), 0);
    }

    Priming priming() { return priming; }
}
