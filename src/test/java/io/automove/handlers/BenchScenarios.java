package io.automove.handlers;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Path;
import java.util.List;

/**
 * What the benchmark (io.automove.bench, scripts/bench) borrows from {@link EventsFolderTest}: the fixtures an
 * event file of events/ refers to, seeded exactly as that test seeds them, and the status its function answers.
 * Nothing here is new behaviour; it only makes the package-private scenarios reachable.
 */
public final class BenchScenarios {
    public static final String FIRM = EventsFolderTest.FIRM;
    public static final String OWNER = EventsFolderTest.OWNER;
    public static final String ACCOUNT = EventsFolderTest.ACCOUNT;
    public static final String TEMPLATE_ID = EventsFolderTest.TPL;
    public static final String PIPELINE = EventsFolderTest.PIPELINE;
    public static final String INTAKE = EventsFolderTest.INTAKE;
    public static final String MISSING_INFO = EventsFolderTest.MISSING_INFO;
    public static final String REVIEW = EventsFolderTest.REVIEW;
    /** The fixed ids the event files and the fixtures share. */
    public static final String JOB = EventsFolderTest.JOB;
    public static final String REQUEST = EventsFolderTest.REQUEST;
    public static final Path EVENTS = EventsFolderTest.EVENTS;

    private BenchScenarios() {}

    /** Every file under events/, relative to it ("WorkflowApiFunction/move-job.json"). */
    public static List<String> eventFiles() throws Exception { return EventsFolderTest.eventFiles().toList(); }

    public static boolean hasScenario(String relative) { return EventsFolderTest.SCENARIOS.containsKey(relative); }

    /** The HTTP status the function answers the file with; 0 for bus and stream events. */
    public static int status(String relative) { return scenario(relative).status(); }

    /** Stores the configured firm and what the event file refers to, on any table, as EventsFolderTest does. */
    public static void seed(DynamoDbClient client, String table, String relative) {
        EventsFolderTest.Scenario scenario = scenario(relative);
        try (var f = new EventsFolderTest.Fixtures(client, table)) {
            f.firmConfigured();
            scenario.given().seed(f);
        }
    }

    /** The webhook event signed now with {@code secret}, its body unchanged (as the emulator tier does). */
    public static String resigned(String event, String secret) { return EventsFolderIT.resigned(event, secret); }

    /** The webhook event signed at {@code at} (the benchmark's moved clock) with {@code secret}. */
    public static String resigned(String event, String secret, java.time.Instant at) {
        return EventsFolderIT.resigned(event, secret, at);
    }

    private static EventsFolderTest.Scenario scenario(String relative) {
        EventsFolderTest.Scenario s = EventsFolderTest.SCENARIOS.get(relative);
        if (s == null) throw new IllegalArgumentException("events/" + relative + " has no scenario in EventsFolderTest");
        return s;
    }
}
