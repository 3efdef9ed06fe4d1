package io.automove.it;

import io.automove.localstack.LocalStack.Options;
import io.automove.handlers.PortalSignature;
import io.automove.usecases.ports.Ids;
import io.automove.testing.BusChaos;
import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static io.automove.testing.Firm.stage;
import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bus event delivered two to five times, in any order, including a JobStageChanged for a stage the job
 * already left arriving after the newer one: the table ends exactly as with single delivery, item for item.
 */
class RedeliveryChaosTest {
    static final int SEEDS = 12;
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    /** The same clock and the same ids in every run, so that two runs can be compared item for item. */
    private static Stack stack(Random chaos) {
        AtomicInteger counter = new AtomicInteger();
        Ids ids = prefix -> prefix + "_" + String.format("%06d", counter.incrementAndGet());
        Options options = Options.defaults(Stack.TEMPLATE).clock(Clock.fixed(NOW, ZoneOffset.UTC)).ids(ids);
        return new Stack(chaos == null ? options : options.dispatch(new BusChaos(chaos, 2, 5)));
    }

    record Outcome(List<String> table, int emails, int deliveries) {}

    /**
     * A job enters Intake (which sends a request and has automove on) and is moved on to Missing info before
     * any event is delivered: Intake's entry is stale by the time it arrives, in whatever order. Missing info's
     * request goes out, the client submits it, the job moves to Review.
     */
    private static Outcome play(Random chaos) {
        try (Stack stack = stack(chaos)) {
            Firm firm = new Firm(stack);
            String a = firm.template("Intake questions");
            String b = firm.template("Missing documents");
            List<String> p = firm.pipeline("Chaos", List.of(stage("Intake", true, a), stage("Missing info", true, b),
                    stage("Review", false), stage("Done", false)));
            String job = firm.job(p.get(0), "Job");
            firm.move(job, p.get(2));
            stack.settle();
            List<String> requests = firm.requestIds(job);
            assertThat(requests).hasSize(1);
            String body = Stack.submission("evt-1", firm.firmId, requests.get(0), NOW);
            assertThat(stack.webhook(body, PortalSignature.header(Stack.SECRET, NOW.getEpochSecond(), body))
                    .status()).isEqualTo(200);
            stack.settle();
            assertThat(firm.stageOf(job)).isEqualTo(p.get(3));
            int deliveries = stack.runtime.bus().published().size();
            return new Outcome(stack.scan(), stack.runtime.outbox().messages().size(), deliveries);
        }
    }

    @Test
    void everyEventDeliveredTwoToFiveTimesInAnyOrder_endsExactlyAsSingleDelivery() throws IOException {
        Outcome once = play(null);
        assertThat(once.emails()).as("one request, one email to each of two contacts").isEqualTo(2);
        List<String> differing = new ArrayList<>();
        for (int seed = 1; seed <= SEEDS; seed++) {
            Outcome chaotic = play(new Random(seed));
            if (!chaotic.table().equals(once.table()) || chaotic.emails() != once.emails()) {
                differing.add("seed " + seed);
            }
        }
        String report = "redelivery: " + SEEDS + " runs, each bus invocation queued 2 to 5 times and run in random order; "
                + differing.size() + " ended differently from single delivery\n";
        Files.createDirectories(Path.of("target", "reliability"));
        Files.writeString(Path.of("target", "reliability", "redelivery.txt"), report);
        System.out.print(report);
        assertThat(differing).isEmpty();
    }
}
