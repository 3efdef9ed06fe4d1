package io.automove.handlers;

import io.automove.localstack.Template;
import io.automove.emulators.SamLocalEmulators;
import io.automove.emulators.SamLocalEmulators.EnvFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * For a developer's `sam local` (README, "sam local"), through scripts/sam-local:
 *
 * <pre>
 *   up [BIND]     DynamoDB Local and moto where sam-local/env.json says (moto on BIND), the template's resources
 *                 made on them, the firm of events/ seeded (EventsFolderTest's fixtures); runs until stopped
 *   seed EVENT    with `up` running: a fresh table seeded with what events/&lt;Function&gt;/&lt;case&gt;.json refers to
 * </pre>
 *
 * DynamoDB Local runs with -sharedDb here: `sam local` hands the functions whatever credentials the shell has.
 */
public final class SamLocalDev {
    private SamLocalDev() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("up")) {
            up(args.length > 1 ? args[1] : "127.0.0.1");
        } else if (args.length == 2 && args[0].equals("seed")) {
            seed(Path.of(args[1]));
        } else {
            System.err.println("usage: SamLocalDev up [BIND] | seed events/<Function>/<case>.json");
            System.exit(2);
        }
    }

    static void up(String bind) throws Exception {
        EnvFile env = EnvFile.read(SamLocalEmulators.ENV_FILE);
        SamLocalEmulators emulators = new SamLocalEmulators(Template.load(EventsFolderTest.TEMPLATE_FILE), env, bind, true,
                Path.of("target", "sam-local", "dev"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulators.close();
            stopped.countDown();
        }));
        emulators.deploy("local");
        new EventsFolderTest.Fixtures(emulators.dynamo("local"), env.table()).firmConfigured();
        System.out.println("DynamoDB Local: " + env.get("AWS_ENDPOINT_URL_DYNAMODB") + " (from this host: "
                + emulators.dynamoFromHost() + "), table " + env.table());
        System.out.println("moto:           " + env.get("AWS_ENDPOINT_URL_SES") + " (from this host: "
                + emulators.motoFromHost() + "), bus " + env.bus() + ", " + emulators.rules().size()
                + " rules into SQS queues, sender " + env.get("SENDER_EMAIL") + " verified");
        System.out.println("seeded:         firm_demo (owner user_owner), account acc_rossi, template tpl_missing_docs, "
                + "pipeline pl_tax_return");
        System.out.println("SAM's own STS calls (optional, saves seconds without network):");
        System.out.println("  export AWS_ENDPOINT_URL_STS=" + emulators.motoFromHost());
        System.out.println("ready: sam local invoke ... --env-vars " + SamLocalEmulators.ENV_FILE + " (Ctrl-C stops)");
        stopped.await();
    }

    static void seed(Path event) throws Exception {
        Path relative = EventsFolderTest.EVENTS.toAbsolutePath().relativize(event.toAbsolutePath());
        String key = relative.toString().replace('\\', '/');
        EventsFolderTest.Scenario scenario = EventsFolderTest.SCENARIOS.get(key);
        if (scenario == null || !Files.isRegularFile(event)) {
            throw new IllegalArgumentException(event + " is not a file of events/ with a scenario in EventsFolderTest");
        }
        EnvFile env = EnvFile.read(SamLocalEmulators.ENV_FILE);
        int port = env.port("AWS_ENDPOINT_URL_DYNAMODB");
        try (java.net.Socket probe = new java.net.Socket()) {
            probe.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
        } catch (java.io.IOException e) {
            System.err.println("nothing answers on 127.0.0.1:" + port + ": start `scripts/sam-local emulators` first");
            System.exit(1);
        }
        var dynamo = SamLocalEmulators.dynamoFromHost(env, "local");
        SamLocalEmulators.freshTable(Template.load(EventsFolderTest.TEMPLATE_FILE), env, dynamo);
        var f = new EventsFolderTest.Fixtures(dynamo, env.table());
        f.firmConfigured();
        scenario.given().seed(f);
        System.out.println("table " + env.table() + " seeded for events/" + key);
    }
}
