package io.automove.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.automove.localstack.HttpApi.Response;
import io.automove.localstack.LocalStack.Options;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * Runs the whole application on a laptop: a {@link LocalStack} in background mode behind an HTTP server, the
 * template's routes next to the local-only /_local endpoints ({@link LocalPortal}), and prints what was wired. Its
 * {@code main} reads the command line ({@link Boot} calls it) and also runs {@link Demo} against a stack already
 * running.
 *
 * <p>Anyone who reaches the port can act as anyone (the identity is two headers), so it stays on this machine:
 * it binds only to a loopback address unless {@value #EXPOSE_FLAG} is given, and it answers only requests whose
 * Host header is a loopback name or address, so that a web page cannot reach it through a DNS name rebound to
 * 127.0.0.1 (the portal page's form has its own token, see {@link LocalPortal}).
 *
 * <pre>
 *   java -jar target/automove-local.jar [--port 3000] [--data-dir DIR] [--template template.yaml] [--host 127.0.0.1] [--firm-creation SingleFirm|MultiFirm] [--daily-email-cap N]
 *   java -jar target/automove-local.jar demo [--url http://localhost:3000]
 * </pre>
 */
public final class LocalLauncher implements AutoCloseable {
    public static final String SECRET_ENV = "PORTAL_WEBHOOK_SECRET";
    /** The only way to bind to an address other than loopback: the name says what it does. */
    public static final String EXPOSE_FLAG = "--expose-unauthenticated";

    private final HttpServer server;
    private final LocalStack stack;
    private final LocalPortal portal;
    private final ConsoleFiles console = new ConsoleFiles();
    private final ExecutorService threads;
    private final java.util.concurrent.ScheduledExecutorService ticker;
    private final URI url;
    private final LocalHosts hosts;

    private LocalLauncher(HttpServer server, LocalStack stack, URI url, String secret, LocalHosts hosts,
                          LocalClock clock) {
        this.server = server;
        this.stack = stack;
        this.url = url;
        this.hosts = hosts;
        this.portal = new LocalPortal(stack, secret, clock);
        // the template's schedules, as the cloud runs them, at a local pace: every minute
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-ticks");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(() -> Ticks.tick(stack), 1, 1, java.util.concurrent.TimeUnit.MINUTES);
        this.threads = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "local-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::serve);
        server.start();
    }

    /** On a loopback address only; see {@link #start(String, int, Path, Path, String, boolean)}. */
    public static LocalLauncher start(String host, int port, Path dataDir, Path template, String secret) throws IOException {
        return start(host, port, dataDir, template, secret, false);
    }

    /**
     * Binds first (port 0 picks a free one), so that the portal links in emails carry the real port.
     *
     * @param exposeUnauthenticated allow an address other than loopback ({@value #EXPOSE_FLAG})
     * @throws IllegalArgumentException with a one-line reason: no template, or not loopback without the flag
     */
    public static LocalLauncher start(String host, int port, Path dataDir, Path template, String secret,
                                      boolean exposeUnauthenticated) throws IOException {
        return start(host, port, dataDir, template, secret, exposeUnauthenticated, Map.of());
    }

    /** {@code parameters}: template parameters the command line set (FirmCreation), over the local defaults. */
    public static LocalLauncher start(String host, int port, Path dataDir, Path template, String secret,
                                      boolean exposeUnauthenticated, Map<String, String> given) throws IOException {
        if (!Files.isRegularFile(template)) {
            throw new IllegalArgumentException("no template at " + template.toAbsolutePath()
                    + ": run from the repository root or pass --template");
        }
        if (!exposeUnauthenticated && !LocalHosts.isLoopbackAddress(host)) {
            throw new IllegalArgumentException("--host " + host + " is not a loopback address: anyone who reaches it can "
                    + "act as any user of any firm (no authentication locally); to do it anyway add " + EXPOSE_FLAG);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
        int bound = server.getAddress().getPort();
        URI url = URI.create("http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + bound);
        Map<String, String> parameters = new HashMap<>(given);
        parameters.put("PortalBaseUrl", url + "/_local/portal");
        parameters.put("PortalWebhookSecret", secret);
        try {
            LocalClock clock = new LocalClock(java.time.Clock.systemUTC(), dataDir);
            LocalStack stack = new LocalStack(Options.defaults(template).background(true).dataDir(dataDir)
                    .parameters(parameters).clock(clock));
            return new LocalLauncher(server, stack, url, secret, new LocalHosts(host, exposeUnauthenticated), clock);
        } catch (RuntimeException e) {
            server.stop(0);
            throw e;
        }
    }

    public URI url() { return url; }

    public LocalStack stack() { return stack; }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            String host = headers.get("host");
            Response response = !hosts.allows(host) ? LocalHosts.refused(host)
                    : path.startsWith("/_local/")
                    ? portal.handle(method, path, query, headers, new String(body, StandardCharsets.UTF_8))
                    : ConsoleFiles.serves(path) ? console.handle(method, path)
                    : stack.httpBytes(method, query == null ? path : path + "?" + query, headers,
                    body.length == 0 && (method.equals("GET") || method.equals("DELETE")) ? null : body);
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
            boolean head = method.equals("HEAD");
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 || head ? -1 : bytes.length);
            if (bytes.length > 0 && !head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("local stack: request failed: " + e);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        server.stop(0);
        threads.shutdownNow();
        stack.close();
    }

    /** What was wired, from the template: the banner. */
    public void printBanner(PrintStream out, Path dataDir, boolean secretFromEnv) {
        out.println();
        out.println("Automove local stack on " + url);
        out.println("  LOCAL MODE: the JWT authorizer is replaced by the headers X-User-Id (sub) and X-Firm-Id (firmId).");
        out.println("  Never expose this port: anyone can claim to be anyone. It answers only Host: localhost, 127.0.0.1, [::1].");
        out.println("  DynamoDB Local: " + (dataDir == null ? "in memory (data is lost on exit; use --data-dir DIR to keep it)"
                : "on disk in " + dataDir.toAbsolutePath()));
        out.println("  Console: " + url + "/ (the firm's screens; signed in as any member of a firm, locally)");
        out.println("  Mail: " + url + "/_local/outbox" + (dataDir == null ? "" : " and .eml files in " + dataDir.resolve("outbox")));
        out.println("  Portal links open " + url + "/_local/portal/...; webhook secret "
                + (secretFromEnv ? "from $" + SECRET_ENV
                : "'" + LocalStack.LOCAL_WEBHOOK_SECRET + "' (set $" + SECRET_ENV + " to change it)"));
        out.println("  Routes:");
        stack.routeKeys().forEach(r -> out.println("    " + r));
        out.println("  Rules (EventBridge patterns from template.yaml):");
        stack.bus().rules().forEach((rule, fn) -> out.println("    " + rule + " -> " + fn));
        out.println("  Streams:");
        for (Template.Function f : stack.template().functions()) {
            f.streams().forEach(s -> out.println("    " + s.tableLogicalId() + " stream -> " + f.logicalId()
                    + " (filters " + s.filterPatterns() + ")"));
        }
        out.println("  Try: java -jar target/automove-local.jar demo --url " + url);
        out.println("Ctrl-C stops it.");
        out.println();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        boolean demo = args.length > 0 && args[0].equals("demo");
        boolean expose = false;
        for (int i = demo ? 1 : 0; i < args.length; i++) {
            String a = args[i];
            if (!demo && a.equals(EXPOSE_FLAG)) {
                expose = true;
                continue;
            }
            if (!a.startsWith("--") || i + 1 >= args.length) usage("unexpected argument " + a);
            options.put(a.substring(2), args[++i]);
        }
        if (demo) {
            for (String key : options.keySet()) if (!key.equals("url")) usage("unknown option --" + key);
            runDemo(URI.create(options.getOrDefault("url", "http://localhost:3000")));
            return;
        }
        for (String key : options.keySet()) {
            if (!List.of("port", "data-dir", "template", "host", "firm-creation", "daily-email-cap").contains(key)) usage("unknown option --" + key);
        }
        Map<String, String> given = new HashMap<>();
        if (options.containsKey("firm-creation")) {
            String mode = options.get("firm-creation");
            if (!List.of("SingleFirm", "MultiFirm").contains(mode)) usage("--firm-creation is SingleFirm or MultiFirm");
            given.put("FirmCreation", mode);
        }
        if (options.containsKey("daily-email-cap")) {
            // the template's DailyEmailCapPerFirm: emails per firm a UTC day, in MultiFirm mode (docs/deploy.md)
            String cap = options.get("daily-email-cap");
            if (cap == null || !cap.matches("[1-9][0-9]{0,8}")) usage("--daily-email-cap is a whole number from 1");
            given.put("DailyEmailCapPerFirm", cap);
        }
        int port = Integer.parseInt(options.getOrDefault("port", "3000"));
        Path dataDir = options.containsKey("data-dir") ? Path.of(options.get("data-dir")) : null;
        if (dataDir != null) Files.createDirectories(dataDir);
        String envSecret = System.getenv(SECRET_ENV);
        String secret = envSecret == null || envSecret.isBlank() ? LocalStack.LOCAL_WEBHOOK_SECRET : envSecret;
        long started = System.nanoTime();
        LocalLauncher launcher;
        try {
            launcher = start(options.getOrDefault("host", "127.0.0.1"), port, dataDir,
                    Path.of(options.getOrDefault("template", "template.yaml")), secret, expose, given);
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("automove-local: cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        launcher.printBanner(System.out, dataDir, envSecret != null && !envSecret.isBlank());
        System.out.printf("Started in %d ms.%n", (System.nanoTime() - started) / 1_000_000);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the local stack...");
            launcher.close();
        }));
        Thread.currentThread().join();
    }

    /** The demo, with what went wrong on one line (no stack trace) and a non-zero exit code. */
    private static void runDemo(URI url) throws InterruptedException {
        try {
            Demo.run(url, System.out);
        } catch (Demo.NoStackException e) {
            System.err.println("automove-local demo: " + e.getMessage());
            System.exit(1);
        } catch (IOException | RuntimeException e) {
            System.err.println("automove-local demo: failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void usage(String problem) {
        System.err.println("automove-local: " + problem);
        System.err.println("usage: java -jar target/automove-local.jar [--port 3000] [--data-dir DIR] [--template FILE] [--host 127.0.0.1] [--firm-creation SingleFirm|MultiFirm] [--daily-email-cap N] ["
                + EXPOSE_FLAG + "]");
        System.err.println("       java -jar target/automove-local.jar demo [--url http://localhost:3000]");
        System.exit(64);
    }
}
