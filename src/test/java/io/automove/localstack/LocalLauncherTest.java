package io.automove.localstack;

import io.automove.support.Json;
import io.automove.testing.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launcher on a free port, driven only through HTTP, as a developer or a portal integrator would. */
class LocalLauncherTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(URI url) throws Exception {
        return http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theWholeStory_runsThroughHttp_withAManualLinkAndAManualMoveWithADecision() throws Exception {
        long started = System.nanoTime();
        try (LocalLauncher launcher = LocalLauncher.start("127.0.0.1", 0, null, Stack.TEMPLATE, LocalStack.LOCAL_WEBHOOK_SECRET)) {
            HttpResponse<String> first = get(launcher.url().resolve("/_local/health"));
            long startupMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(first.statusCode()).isEqualTo(200);
            System.out.println("local stack: startup to first served request " + startupMs + " ms");

            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            Demo.Result result = Demo.run(launcher.url(), new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(result.finalStageName()).isEqualTo("Review");
            assertThat(result.secondJobStageName()).isEqualTo("Review");
            assertThat(result.cancelledRequestStatus()).isEqualTo("CANCELLED");
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("moved by itself").contains("409");
            var outbox = Json.parse(get(launcher.url().resolve("/_local/outbox")).body()).asArray();
            assertThat(outbox).as("four requests, each emailed to both contacts, one email each, and a reminder of the last")
                    .hasSize(result.emails()).hasSize(10);
            assertThat(outbox).filteredOn(m -> Stack.text(m, "kind").equals("REMINDER")).hasSize(2);
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("reminder: 'Reminder: ");
            for (var mail : outbox) {
                assertThat(Stack.text(mail, "portalLink")).startsWith(launcher.url() + "/_local/portal/r/" + result.firmId() + "/");
                assertThat(Stack.text(mail, "to")).endsWith("@rossi.example");
            }
            // the link in the email opens the local portal
            HttpResponse<String> portal = get(URI.create(Stack.text(outbox.get(0), "portalLink")));
            assertThat(portal.statusCode()).isEqualTo(200);
            assertThat(portal.body()).contains("Documents for your 2025 tax return");
            assertThat(Json.parse(get(launcher.url().resolve("/_local/dead-letters")).body()).asArray()).isEmpty();
        }
    }

    @Test
    void theDemo_runsAgainOnAStackThatAlreadyHasAnotherStory() throws Exception {
        try (LocalLauncher launcher = LocalLauncher.start("127.0.0.1", 0, null, Stack.TEMPLATE, LocalStack.LOCAL_WEBHOOK_SECRET)) {
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            Demo.Result first = Demo.run(launcher.url(), quiet);
            Demo.Result second = Demo.run(launcher.url(), quiet);
            assertThat(second.firmId()).isNotEqualTo(first.firmId());
            assertThat(second.finalStageName()).isEqualTo("Review");
            assertThat(second.emails()).as("its own emails only").isEqualTo(10);
            assertThat(Json.parse(get(launcher.url().resolve("/_local/outbox")).body()).asArray()).hasSize(20);
        }
    }

    @Test
    void theDemo_withNoStackRunning_saysSoInOneLine() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> Demo.run(URI.create("http://127.0.0.1:" + closedPort),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isInstanceOf(Demo.NoStackException.class)
                .hasMessageContaining("no local stack answers at http://127.0.0.1:" + closedPort)
                .hasMessageContaining("java -jar target/automove-local.jar");
    }

    @Test
    void theLocalPortalForm_submitsThroughTheSignedWebhook() throws Exception {
        try (LocalLauncher launcher = LocalLauncher.start("127.0.0.1", 0, null, Stack.TEMPLATE, "another-local-secret-value")) {
            Demo.run(launcher.url(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        } catch (IllegalStateException e) {
            // the demo signs with the default secret: the stack must refuse it when another secret is configured
            assertThat(e.getMessage()).contains("401");
            return;
        }
        throw new AssertionError("a webhook signed with the wrong secret was accepted");
    }

    @Test
    void withADataDir_theDataSurvivesARestart_andMailIsWrittenAsEml(@TempDir Path dir) throws Exception {
        String firmId;
        try (LocalLauncher launcher = LocalLauncher.start("127.0.0.1", 0, dir, Stack.TEMPLATE, LocalStack.LOCAL_WEBHOOK_SECRET)) {
            firmId = Demo.run(launcher.url(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).firmId();
        }
        try (var emls = Files.list(dir.resolve("outbox"))) {
            List<Path> files = emls.toList();
            assertThat(files).as("four requests and a reminder, one email per contact each").hasSize(10);
            assertThat(Files.readString(files.get(0))).contains("Subject: ").contains("/_local/portal/r/" + firmId);
        }
        try (LocalLauncher again = LocalLauncher.start("127.0.0.1", 0, dir, Stack.TEMPLATE, LocalStack.LOCAL_WEBHOOK_SECRET)) {
            // the outbox lists every email sent with this data folder, not only those since the restart
            var outbox = Json.parse(get(again.url().resolve("/_local/outbox")).body()).asArray();
            assertThat(outbox).filteredOn(m -> Stack.text(m, "kind").equals("REMINDER")).as("kinds kept across the restart")
                    .hasSize(2);
            assertThat(outbox).hasSize(10).allSatisfy(mail -> {
                assertThat(Stack.text(mail, "portalLink")).contains("/_local/portal/r/" + firmId + "/");
                assertThat(Stack.text(mail, "to")).endsWith("@rossi.example");
                assertThat(Stack.text(mail, "subject")).isNotBlank();
                assertThat(Stack.text(mail, "requestId")).isNotBlank();
                assertThat(Stack.text(mail, "kind")).isIn("REQUEST", "REMINDER");
            });
            HttpResponse<String> firm = http.send(HttpRequest.newBuilder(again.url().resolve("/client-requests?accountId=none"))
                    .header("x-user-id", "user-anna").header("x-firm-id", firmId).build(), HttpResponse.BodyHandlers.ofString());
            // the firm and its owner are still there: the account lookup is what fails, not the membership
            assertThat(firm.statusCode()).isEqualTo(404);
            assertThat(firm.body()).contains("ACCOUNT_NOT_FOUND");
            again.stack().awaitIdle(java.time.Duration.ofSeconds(10));
            // nothing already relayed is relayed again after the restart
            assertThat(again.stack().bus().published()).isEmpty();
        }
    }

    @Test
    void aMissingTemplate_failsAtStartupWithAClearMessage(@TempDir Path dir) {
        try {
            LocalLauncher.start("127.0.0.1", 0, null, dir.resolve("nope.yaml"), "s").close();
            throw new AssertionError("started without a template");
        } catch (Exception e) {
            assertThat(e.getMessage()).contains("no template at");
        }
    }
}
