package io.automove.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Ordered stages a job goes through. {@code rev} is the stored revision this value was read at (0: never stored),
 * as on every stored value: an edit is stored only if the pipeline is still at that revision.
 */
public record Pipeline(String firmId, String pipelineId, String name, List<Stage> stages, long rev) {
    public static final int MAX_STAGES = 30;
    /**
     * Automations over all stages: one pipeline is one item, and an automation with its conditions' tags may take
     * 3 KB; 30 stages of 10 each would pass DynamoDB's 400 KB (docs/data-model.md, "Bounds").
     */
    public static final int MAX_AUTOMATIONS = 100;

    public Pipeline {
        Check.id(firmId, "firmId");
        Check.id(pipelineId, "pipelineId");
        name = Check.text(name, "name", 200);
        stages = stages == null ? List.of() : List.copyOf(stages);
        if (stages.isEmpty()) throw DomainException.invalid("NO_STAGES", "a pipeline needs at least one stage");
        if (stages.size() > MAX_STAGES) {
            throw DomainException.invalid("TOO_MANY_STAGES", "a pipeline has at most " + MAX_STAGES + " stages");
        }
        if (stages.stream().mapToInt(s -> s.automations().size()).sum() > MAX_AUTOMATIONS) {
            throw DomainException.invalid("TOO_MANY_AUTOMATIONS", "a pipeline has at most " + MAX_AUTOMATIONS
                    + " automations over all its stages");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Stage s : stages) {
            if (!ids.add(s.stageId())) throw DomainException.invalid("DUPLICATE_STAGE", "stage ids must be unique");
        }
        // Automove needs somewhere to go: the last stage has no next stage.
        if (stages.get(stages.size() - 1).automove()) {
            throw DomainException.invalid("AUTOMOVE_ON_LAST_STAGE",
                    "the last stage cannot have automove on: there is no next stage to move to");
        }
    }

    public Optional<Stage> stage(String stageId) {
        return stages.stream().filter(s -> s.stageId().equals(stageId)).findFirst();
    }

    public Stage firstStage() { return stages.get(0); }

    public Optional<Stage> nextStage(String stageId) {
        for (int i = 0; i < stages.size() - 1; i++) {
            if (stages.get(i).stageId().equals(stageId)) return Optional.of(stages.get(i + 1));
        }
        return Optional.empty();
    }

    public boolean isLast(String stageId) { return stages.get(stages.size() - 1).stageId().equals(stageId); }

    /** Every template the automations of this pipeline use, to check they exist before saving. */
    public Set<String> templateIds() {
        Set<String> ids = new LinkedHashSet<>();
        stages.forEach(s -> s.automations().forEach(a -> ids.add(a.templateId())));
        return ids;
    }

    public Pipeline withStage(Stage changed) {
        List<Stage> list = new ArrayList<>(stages);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).stageId().equals(changed.stageId())) {
                list.set(i, changed);
                return new Pipeline(firmId, pipelineId, name, list, rev);
            }
        }
        throw DomainException.notFound("stage", changed.stageId());
    }

    /** This value as the store holds it after a write: the write made revision {@code newRev}. */
    public Pipeline atRev(long newRev) { return new Pipeline(firmId, pipelineId, name, stages, newRev); }
}
