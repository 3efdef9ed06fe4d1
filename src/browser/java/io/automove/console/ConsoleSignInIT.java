package io.automove.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployed console's sign-in, in Chromium: the console's files served as a bucket would serve them, with a
 * config.json in "oidc" mode, against a stand-in identity provider (discovery, authorize, token) and a stand-in
 * API on the same loopback origin. Authorization code with PKCE (S256) through the vendored oidc-client-ts:
 * the provider checks the verifier against the challenge, the API sees the ID token as a bearer, and nothing of
 * the local picker is loaded.
 */
class ConsoleSignInIT {
    private HttpServer server;
    private ChromeDriver driver;
    private String base;
    private final Map<String, String> authorize = new HashMap<>();
    private final List<String> bearers = new CopyOnWriteArrayList<>();
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private volatile boolean verifierMatched;
    private volatile String idToken;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/", this::handle);
        server.start();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("browser.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build(), options);
    }

    @AfterEach
    void stop() {
        if (driver != null) driver.quit();
        if (server != null) server.stop(0);
    }

    @Test
    void signIn_isAnAuthorizationCodeWithPkce_andTheApiGetsTheIdTokenAsBearer_withNoLocalPickerLoaded() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // the screen drawn again meanwhile
        driver.get(base + "/#/pipelines");
        wait.until(d -> !d.findElements(By.xpath("//main//button[normalize-space()='Sign in']")).isEmpty());
        driver.findElement(By.xpath("//main//button[normalize-space()='Sign in']")).click();

        wait.until(d -> d.findElements(By.cssSelector("main h1")).stream().anyMatch(h -> h.getText().equals("Pipelines")));
        assertThat(authorize).containsEntry("response_type", "code").containsEntry("code_challenge_method", "S256")
                .containsEntry("client_id", "console-client").containsKey("state");
        assertThat(verifierMatched).as("the token request's code_verifier hashes to the authorize request's code_challenge").isTrue();
        assertThat(bearers).isNotEmpty().allMatch(b -> b.equals("Bearer " + idToken));
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Tax return");
        assertThat(driver.findElement(By.id("identity")).getText()).contains("anna@bianchi.example").contains("Sign out");
        assertThat(driver.getCurrentUrl()).as("the code and state are gone from the address").doesNotContain("code=")
                .endsWith("#/pipelines");
        assertThat(driver.findElements(By.id("local-user"))).isEmpty();
        assertThat(driver.findElements(By.linkText("Outbox"))).isEmpty();
        assertThat(requested).noneMatch(p -> p.startsWith("/console/local/"));
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        requested.add(path);
        Map<String, String> query = form(ex.getRequestURI().getRawQuery());
        switch (path) {
            case "/", "/index.html" -> file(ex, "index.html");
            case "/console/config.json" -> send(ex, 200, "application/json", """
                    {"mode":"oidc","apiBaseUrl":"%s","oidc":{"authority":"%s/idp","clientId":"console-client","scope":"openid email"}}
                    """.formatted(base, base));
            case "/idp/.well-known/openid-configuration" -> send(ex, 200, "application/json", """
                    {"issuer":"%1$s/idp","authorization_endpoint":"%1$s/idp/authorize","token_endpoint":"%1$s/idp/token",
                     "jwks_uri":"%1$s/idp/jwks","response_types_supported":["code"],"code_challenge_methods_supported":["S256"],
                     "subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256"]}
                    """.formatted(base));
            case "/idp/authorize" -> {
                authorize.putAll(query);
                ex.getResponseHeaders().add("location", query.get("redirect_uri") + "?code=the-code&state="
                        + java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
                send(ex, 302, "text/plain", "");
            }
            case "/idp/token" -> {
                Map<String, String> body = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                verifierMatched = "the-code".equals(body.get("code")) && authorize.get("code_challenge") != null
                        && authorize.get("code_challenge").equals(s256(body.get("code_verifier")));
                long now = System.currentTimeMillis() / 1000;
                idToken = jwt("{\"iss\":\"" + base + "/idp\",\"aud\":\"console-client\",\"sub\":\"user-anna\","
                        + "\"email\":\"anna@bianchi.example\",\"firmId\":\"firm_1\",\"iat\":" + now + ",\"exp\":" + (now + 3600)
                        + (authorize.containsKey("nonce") ? ",\"nonce\":\"" + authorize.get("nonce") + "\"" : "") + "}");
                send(ex, verifierMatched ? 200 : 400, "application/json", verifierMatched
                        ? "{\"access_token\":\"opaque\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"id_token\":\"" + idToken + "\"}"
                        : "{\"error\":\"invalid_grant\"}");
            }
            case "/pipelines" -> {
                String auth = ex.getRequestHeaders().getFirst("authorization");
                if (auth != null) bearers.add(auth);
                send(ex, 200, "application/json",
                        "{\"pipelines\":[{\"pipelineId\":\"p1\",\"name\":\"Tax return\",\"stages\":[]}],\"nextCursor\":null}");
            }
            default -> {
                if (path.startsWith("/console/")) file(ex, path.substring("/console/".length()));
                else send(ex, 404, "application/json", "{\"message\":\"Not Found\"}");
            }
        }
    }

    private void file(HttpExchange ex, String name) throws IOException {
        try (InputStream in = ConsoleSignInIT.class.getResourceAsStream("/console/" + name)) {
            if (in == null) { send(ex, 404, "text/plain", "no such file"); return; }
            String type = name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "text/html";
            send(ex, 200, type + "; charset=utf-8", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("content-type", type);
        ex.getResponseHeaders().add("content-security-policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) try (OutputStream out = ex.getResponseBody()) { out.write(bytes); }
        ex.close();
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null) return m;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    private static String s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }
}
