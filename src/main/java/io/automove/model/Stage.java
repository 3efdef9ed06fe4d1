package io.automove.model;

import java.util.List;

/**
 * A column of a pipeline. {@code automove} on means: once the client has submitted every unfinished request
 * linked to a job in this stage, the job moves by itself to the next stage.
 */
public record Stage(String stageId, String name, boolean automove, List<StageAutomation> automations) {
    public static final int MAX_AUTOMATIONS = 10;

    public Stage {
        Check.id(stageId, "stageId");
        name = Check.text(name, "stages[].name", 200);
        automations = automations == null ? List.of() : List.copyOf(automations);
        if (automations.size() > MAX_AUTOMATIONS) {
            throw DomainException.invalid("TOO_MANY_AUTOMATIONS", "a stage has at most " + MAX_AUTOMATIONS + " automations");
        }
    }

    public Stage withName(String newName) { return new Stage(stageId, newName, automove, automations); }
    public Stage withAutomove(boolean on) { return new Stage(stageId, name, on, automations); }
    public Stage withAutomations(List<StageAutomation> list) { return new Stage(stageId, name, automove, list); }
}
