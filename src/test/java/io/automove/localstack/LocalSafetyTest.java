package io.automove.localstack;

import io.automove.support.Json;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local stack lets anyone who reaches it act as anyone, so it must be reachable only from this machine and
 * only as itself: it binds to loopback unless told otherwise by a flag named for what it does, it answers only
 * requests for a loopback name (a web page cannot reach it through a DNS name rebound to 127.0.0.1), and its
 * portal page's form cannot be posted from another site.
 */
class LocalSafetyTest {
    private static final String TITLE = "Documents – Città €";
    private static LocalLauncher launcher;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        launcher = LocalLauncher.start("127.0.0.1", 0, null, Stack.TEMPLATE, LocalStack.LOCAL_WEBHOOK_SECRET);
    }

    @AfterAll
    static void stop() { launcher.close(); }

    @Test
    void anAddressOtherThanLoopback_isRefusedAtStartup_unlessTheExposeFlagIsGiven() throws IOException {
        assertThatThrownBy(() -> LocalLauncher.start("0.0.0.0", 0, null, Stack.TEMPLATE, "s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a loopback address").hasMessageContaining(LocalLauncher.EXPOSE_FLAG)
                .hasMessageNotContaining("\n");
        for (String loopback : List.of("127.0.0.1", "localhost")) {
            try (LocalLauncher ok = LocalLauncher.start(loopback, 0, null, Stack.TEMPLATE, "s")) {
                assertThat(ok.url().getPort()).isPositive();
            }
        }
        try (LocalLauncher exposed = LocalLauncher.start("0.0.0.0", 0, null, Stack.TEMPLATE, "s", true)) {
            assertThat(raw(exposed.url(), "GET /_local/health HTTP/1.1\r\nHost: 127.0.0.1:" + exposed.url().getPort()
                    + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aRequestForAnotherHostName_isRefusedWith421_loopbackNamesAreAnswered() throws IOException {
        int port = launcher.url().getPort();
        for (String host : List.of("evil.example", "evil.example:" + port, "127.0.0.1.nip.io:" + port, "10.0.0.1",
                "localhost.evil.example", "[::2]:" + port)) {
            String answer = raw(launcher.url(), "GET /_local/outbox HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            assertThat(answer).as(host).startsWith("HTTP/1.1 421").contains("DNS rebinding");
            String api = raw(launcher.url(), "GET /jobs/x HTTP/1.1\r\nHost: " + host + "\r\nX-User-Id: u\r\nX-Firm-Id: f\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(api).as(host).startsWith("HTTP/1.1 421");
        }
        assertThat(raw(launcher.url(), "GET /_local/health HTTP/1.0\r\n\r\n")).as("no Host at all").startsWith("HTTP/1.1 421");
        for (String host : List.of("localhost", "localhost:" + port, "LOCALHOST:" + port, "127.0.0.1:" + port, "127.1.2.3",
                "[::1]:" + port, "localhost.:" + port)) {
            assertThat(raw(launcher.url(), "GET /_local/health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"))
                    .as(host).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void thePortalForm_isRefusedWithoutItsToken_orFromAnotherSite_andWorksFromItsOwnPage() throws Exception {
        // GIVEN a request waiting in the portal
        String[] ids = requestWaitingInThePortal();
        URI page = launcher.url().resolve("/_local/portal/r/" + ids[0] + "/" + ids[1]);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.headers().firstValue("x-frame-options")).hasValue("DENY");
        assertThat(get.headers().firstValue("content-security-policy")).get().asString().contains("frame-ancestors 'none'");
        Matcher token = Pattern.compile("name=token value=\"([^\"]+)\"").matcher(get.body());
        assertThat(token.find()).as("the page carries its form's token").isTrue();
        String answers = "item0=" + URLEncoder.encode("statements.pdf", StandardCharsets.UTF_8);

        // WHEN a form without the token, with another request's token, or from another site is posted
        String own = "http://127.0.0.1:" + launcher.url().getPort();
        assertThat(post(page, answers, Map.of()).statusCode()).as("no token").isEqualTo(403);
        assertThat(post(page, answers + "&token=" + launcher.stack().hashCode(), Map.of()).statusCode()).as("forged").isEqualTo(403);
        assertThat(post(page, answers + "&token=" + token.group(1), Map.of("Origin", "http://evil.example")).statusCode())
                .as("token, but posted from another origin").isEqualTo(403);
        assertThat(post(page, answers + "&token=" + token.group(1), Map.of("Sec-Fetch-Site", "cross-site")).statusCode())
                .as("token, but the browser says cross-site").isEqualTo(403);
        assertThat(post(page, answers + "&token=" + token.group(1), Map.of("Origin", "null")).statusCode())
                .as("an opaque origin").isEqualTo(403);

        // THEN nothing was submitted
        assertThat(requestStatus(ids)).isEqualTo("SENT");

        // AND the page's own form, from its own origin, goes through the signed webhook
        HttpResponse<String> sent = post(page, answers + "&token=" + token.group(1),
                Map.of("Origin", own, "Sec-Fetch-Site", "same-origin"));
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.body()).contains("The webhook answered 200");
        assertThat(requestStatus(ids)).isEqualTo("SUBMITTED");
    }

    /** The socket hands the body's bytes on as they came (see {@link HttpApiTest} for a body that is not UTF-8). */
    @Test
    void aUtf8Body_comesThroughTheSocketIntact() throws Exception {
        String[] ids = requestWaitingInThePortal();
        assertThat(text(call("anna", ids[0], "GET", "/client-requests/" + ids[1], null), "title")).isEqualTo(TITLE);
    }

    private static String[] requestWaitingInThePortal() throws Exception {
        String firm = text(call("anna", null, "POST", "/firms", Map.of("name", "Safety Firm")), "firmId");
        String account = text(call("anna", firm, "POST", "/accounts", Map.of("name", "Client",
                "contacts", List.of(Map.of("name", "C", "email", "c@client.example")))), "accountId");
        String request = text(call("anna", firm, "POST", "/client-requests", Map.of("accountId", account,
                "title", TITLE, "message", "Please.",
                "items", List.of(Map.of("kind", "FILE_UPLOAD", "label", "Bank statements", "required", true)))), "requestId");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"SENT".equals(requestStatus(new String[] {firm, request}))) {
            if (System.nanoTime() > deadline) throw new AssertionError("the request was not sent");
            Thread.sleep(20);
        }
        return new String[] {firm, request};
    }

    private static String requestStatus(String[] ids) throws Exception {
        JsonNode r = call("anna", ids[0], "GET", "/client-requests/" + ids[1], null);
        return text(r, "status").equals("SUBMITTED") ? "SUBMITTED" : text(r, "delivery");
    }

    private static JsonNode call(String user, String firm, String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(launcher.url().resolve(path)).header("content-type", "application/json")
                .header("x-user-id", user)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (firm != null) b.header("x-firm-id", firm);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
        return Json.parse(r.body());
    }

    private static HttpResponse<String> post(URI page, String form, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(page).header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        new LinkedHashMap<>(headers).forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One request written by hand, so that its Host header is whatever the test says; the whole answer. */
    private static String raw(URI url, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", url.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
