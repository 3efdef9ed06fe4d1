package io.automove.localstack;

import io.automove.localstack.HttpApi.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's files as the local stack serves them: from the jar, read only, under a strict CSP. */
class ConsoleFilesTest {
    private final ConsoleFiles console = new ConsoleFiles();

    @Test
    void theRoot_isThePage_underAPolicyThatAllowsOnlyItsOwnScriptsAndNoFraming() {
        Response page = console.handle("GET", "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers()).containsEntry("content-type", "text/html; charset=utf-8");
        assertThat(page.headers().get("content-security-policy")).contains("script-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(page.body()).contains("<script type=\"module\" src=\"console/app.js\"></script>")
                .doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void configJson_saysLocal_soThePickerExistsOnlyWhereTheLocalStackServesIt() {
        Response config = console.handle("GET", "/console/config.json");
        assertThat(config.body()).isEqualTo("{\"mode\":\"local\"}");
        assertThat(resource("config.json")).as("the jar carries no config: a deployment writes its own").isNull();
    }

    @Test
    void everyModuleTheConsoleImports_isInTheJar_andNoneComesFromTheNetwork() {
        Set<String> loaded = modules(Pattern.compile("(?:from|import)\\s*\\(?\\s*'([^']+)'"), (name, text) -> {
            assertThat(console.handle("GET", "/console/" + name).headers()).containsEntry("content-type", "text/javascript; charset=utf-8");
        });
        assertThat(loaded).contains("api.js", "ui.js", "identity.js", "parts.js", "screens/job.js", "screens/pipelines.js",
                "local/local.js");
    }

    @Test
    void theDeployedConsole_reachesNothingOfTheLocalPicker_whichScriptsConsoleDeployLeavesOut() throws IOException {
        // static imports only: local/ is reached by app.js's one dynamic import, made in local mode
        Set<String> loaded = modules(Pattern.compile("(?m)^(?:import\\b[^'\\n]*|export\\b[^'\\n]*\\bfrom )'([^']+)'"), (name, text) ->
                assertThat(text.toLowerCase()).as(name + " is loaded deployed").doesNotContain("x-user-id").doesNotContain("x-firm-id"));
        assertThat(loaded).as("what a deployed console loads").contains("identity.js", "screens/job.js")
                .noneMatch(n -> n.startsWith("local/"));
        assertThat(resource("app.js")).contains("await import('./local/local.js')");
        assertThat(resource("local/identity.js")).contains("x-user-id");
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("scripts/console-deploy"))).contains("! -path './local/*'");
    }

    /** The modules reached from app.js by the imports the pattern matches (group 1), each in the jar and checked. */
    private static Set<String> modules(Pattern imports, java.util.function.BiConsumer<String, String> check) {
        Deque<String> todo = new ArrayDeque<>(Set.of("app.js"));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) continue;
            String text = resource(name);
            assertThat(text).as(name + " is imported and must be in the jar").isNotNull();
            check.accept(name, text);
            Matcher m = imports.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                assertThat(target).as(name + " imports " + target).startsWith(".");
                String dir = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
                todo.push(java.nio.file.Path.of(dir + target).normalize().toString());
            }
        }
        return seen;
    }

    @Test
    void pathsOutsideTheConsole_orWrites_areRefused() {
        assertThat(console.handle("GET", "/console/../localstack/ConsoleFiles.class").status()).isEqualTo(404);
        assertThat(console.handle("GET", "/console/nope.js").status()).isEqualTo(404);
        assertThat(console.handle("GET", "/console/%2e%2e/x").status()).isEqualTo(404);
        assertThat(console.handle("POST", "/").status()).isEqualTo(405);
        assertThat(ConsoleFiles.serves("/jobs/j1")).isFalse();
        assertThat(ConsoleFiles.serves("/_local/outbox")).isFalse();
    }

    @Test
    void theVendoredSignInLibrary_isByteForByteTheLockedRelease() throws Exception {
        String lock = resource("vendor/LOCK");
        assertThat(lock).isNotNull();
        int checked = 0;
        for (String line : lock.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.trim().split("\\s+");
            String file = "vendor/" + f[3].substring(f[3].lastIndexOf('/') + 1);
            byte[] bytes;
            try (InputStream in = ConsoleFiles.class.getResourceAsStream("/console/" + file)) {
                assertThat(in).as(file).isNotNull();
                bytes = in.readAllBytes();
            }
            String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
            assertThat(sha256).as(f[0] + "@" + f[1] + " " + file).isEqualTo(f[4]);
            checked++;
        }
        assertThat(checked).isEqualTo(1);
    }

    private static String resource(String name) {
        try (InputStream in = ConsoleFiles.class.getResourceAsStream("/console/" + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
