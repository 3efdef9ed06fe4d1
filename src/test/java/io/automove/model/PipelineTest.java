package io.automove.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.automove.model.Fixtures.FIRM;
import static io.automove.model.Fixtures.PIPELINE;
import static io.automove.model.Fixtures.pipeline;
import static io.automove.model.Fixtures.stage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineTest {

    private static Pipeline pipelineOf(List<Stage> stages) {
        return new Pipeline(FIRM, PIPELINE, "Tax return", stages, 0);
    }

    private static void assertInvalid(Runnable r, String code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.reason()).isEqualTo(DomainException.Reason.INVALID);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    @Test
    void pipelineWithoutStages_isRefused() {
        assertInvalid(() -> pipelineOf(List.of()), "NO_STAGES");
        assertInvalid(() -> pipelineOf(null), "NO_STAGES");
    }

    @Test
    void pipelineWithMoreThanThirtyStages_isRefused() {
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < Pipeline.MAX_STAGES; i++) stages.add(stage("s" + i, false));
        assertThat(pipelineOf(stages).stages()).hasSize(Pipeline.MAX_STAGES);

        stages.add(stage("one-too-many", false));
        assertInvalid(() -> pipelineOf(stages), "TOO_MANY_STAGES");
    }

    @Test
    void duplicateStageIds_areRefused_evenWhenNotAdjacent() {
        assertInvalid(() -> pipelineOf(List.of(stage("a", false), stage("b", false), stage("a", false))),
                "DUPLICATE_STAGE");
    }

    @Test
    void automoveOnTheLastStage_isRefused_butAllowedOnAnEarlierStage() {
        assertInvalid(() -> pipelineOf(List.of(stage("a", false), stage("b", true))), "AUTOMOVE_ON_LAST_STAGE");
        assertInvalid(() -> pipelineOf(List.of(stage("only", true))), "AUTOMOVE_ON_LAST_STAGE");

        Pipeline ok = pipelineOf(List.of(stage("a", true), stage("b", false)));
        assertThat(ok.stage("a")).hasValueSatisfying(s -> assertThat(s.automove()).isTrue());
    }

    @Test
    void nextStage_isTheFollowingStage_andNoneAfterTheLastOrForAnUnknownStage() {
        Pipeline p = pipeline();

        assertThat(p.nextStage("intake")).map(Stage::stageId).hasValue("missing");
        assertThat(p.nextStage("missing")).map(Stage::stageId).hasValue("review");
        assertThat(p.nextStage("review")).map(Stage::stageId).hasValue("done");
        assertThat(p.nextStage("done")).isEmpty();
        assertThat(p.nextStage("no-such-stage")).isEmpty();
    }

    @Test
    void isLast_isTrueOnlyForTheLastStage() {
        Pipeline p = pipeline();

        assertThat(p.isLast("done")).isTrue();
        assertThat(p.isLast("intake")).isFalse();
        assertThat(p.isLast("review")).isFalse();
        assertThat(p.isLast("no-such-stage")).isFalse();
    }

    @Test
    void firstStage_andStageLookup() {
        Pipeline p = pipeline();

        assertThat(p.firstStage().stageId()).isEqualTo("intake");
        assertThat(p.stage("review")).map(Stage::name).hasValue("Stage review");
        assertThat(p.stage("nope")).isEmpty();
    }

    @Test
    void withStage_replacesTheStageInPlace_andKeepsTheRevisionItWasReadAt() {
        Pipeline p = pipeline();

        Pipeline changed = p.withStage(p.stage("review").orElseThrow().withName("Partner review").withAutomove(true));

        assertThat(changed.rev()).as("rev is what the store had when read; the store writes the next one")
                .isEqualTo(p.rev());
        assertThat(changed.atRev(p.rev() + 1).rev()).isEqualTo(p.rev() + 1);
        assertThat(changed.stages()).extracting(Stage::stageId).containsExactly("intake", "missing", "review", "done");
        assertThat(changed.stage("review").orElseThrow().name()).isEqualTo("Partner review");
        assertThat(changed.stage("review").orElseThrow().automove()).isTrue();
        assertThat(p.stage("review").orElseThrow().name()).as("the original is untouched").isEqualTo("Stage review");
    }

    @Test
    void withStage_ofAnUnknownStage_isNotFound() {
        assertThatThrownBy(() -> pipeline().withStage(stage("ghost", false)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DomainException.Reason.NOT_FOUND);
                    assertThat(e.code()).isEqualTo("STAGE_NOT_FOUND");
                });
    }

    @Test
    void withStage_turningAutomoveOnForTheLastStage_isRefused() {
        Pipeline p = pipeline();
        assertInvalid(() -> p.withStage(p.stage("done").orElseThrow().withAutomove(true)), "AUTOMOVE_ON_LAST_STAGE");
    }

    @Test
    void templateIds_listsEveryTemplateUsedByAutomations_once() {
        Pipeline p = pipelineOf(List.of(
                stage("a", false, StageAutomation.sendClientRequest("tpl-1")),
                stage("b", true, StageAutomation.sendClientRequest("tpl-2"), StageAutomation.sendClientRequest("tpl-1")),
                stage("c", false)));

        assertThat(p.templateIds()).containsExactly("tpl-1", "tpl-2");
    }

    @Test
    void stagesList_isACopy() {
        List<Stage> stages = new ArrayList<>(List.of(stage("a", false), stage("b", false)));
        Pipeline p = pipelineOf(stages);
        stages.add(stage("c", false));

        assertThat(p.stages()).hasSize(2);
    }
}
