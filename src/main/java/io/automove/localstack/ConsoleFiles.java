package io.automove.localstack;

import io.automove.localstack.HttpApi.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The firm's web console, served by the local stack next to the API on the same port, from the files packaged in
 * the jar under {@code console/} (src/main/resources/console): {@code GET /} is its page, {@code GET /console/...}
 * its scripts and styles. Nothing is fetched from the network. The console's screens are addressed after a
 * {@code #} ({@code /#/jobs/{jobId}}), so no screen's address can be taken for an API route.
 *
 * <p>{@code /console/config.json} says which identity the console uses: here {@code {"mode":"local"}}, the
 * "signed in as" picker that sends the local identity headers. A deployed console gets its own config.json from
 * scripts/console-deploy (sign-in with the identity provider); the jar holds none, so the picker exists only here.
 * The files are the Lambda functions' business in no way: the Makefile copies only classes into their packages.
 */
final class ConsoleFiles {
    static final String PREFIX = "/console/";
    static final String LOCAL_CONFIG = "{\"mode\":\"local\"}";
    private static final Pattern SAFE = Pattern.compile("[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "json", "application/json", "svg", "image/svg+xml", "txt", "text/plain; charset=utf-8");
    /** Same origin only, no inline script, no framing: the page holds a firm's data and (deployed) its tokens. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Map<String, String> cache = new ConcurrentHashMap<>();

    /** Whether the path is the console's, not the API's. */
    static boolean serves(String path) {
        return path.equals("/") || path.equals("/index.html") || path.startsWith(PREFIX);
    }

    Response handle(String method, String path) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return new Response(405, Map.of("allow", "GET, HEAD", "content-type", "text/plain; charset=utf-8"),
                    "The console's files are read only.");
        }
        String name = path.equals("/") || path.equals("/index.html") ? "index.html" : path.substring(PREFIX.length());
        if (name.equals("config.json")) return file("json", LOCAL_CONFIG);
        if (!SAFE.matcher(name).matches() || name.contains("..")) return notFound();
        String text = cache.computeIfAbsent(name, ConsoleFiles::read);
        if (text.isEmpty()) return notFound();
        int dot = name.lastIndexOf('.');
        return file(dot < 0 ? "" : name.substring(dot + 1), text);
    }

    private static Response file(String extension, String text) {
        return new Response(200, Map.of("content-type", TYPES.getOrDefault(extension, "application/octet-stream"),
                "content-security-policy", CSP, "x-content-type-options", "nosniff", "x-frame-options", "DENY",
                "referrer-policy", "no-referrer", "cache-control", "no-cache"), text);
    }

    private static Response notFound() {
        return new Response(404, Map.of("content-type", "text/plain; charset=utf-8"), "No such console file.");
    }

    /** The file's text, or "" when the jar has no such file (an empty file is served as missing: there is none). */
    private static String read(String name) {
        try (InputStream in = ConsoleFiles.class.getResourceAsStream("/console/" + name)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
