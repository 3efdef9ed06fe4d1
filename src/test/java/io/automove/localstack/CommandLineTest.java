package io.automove.localstack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's command line as a developer meets it, in a JVM of its own: what it says and its exit code. */
class CommandLineTest {

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                LocalLauncher.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 60 s: " + command);
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theDemoWithNoStackRunning_explainsInOneLine_andExitsNonZero() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Run run = run("demo", "--url", "http://127.0.0.1:" + closedPort);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("Exception")
                .contains("no local stack answers").contains("java -jar target/automove-local.jar");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anAddressOtherThanLoopback_isRefusedInOneLine_namingTheFlag() throws Exception {
        Run run = run("--port", "0", "--host", "0.0.0.0", "--template", Path.of("template.yaml").toAbsolutePath().toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").contains("not a loopback address")
                .contains(LocalLauncher.EXPOSE_FLAG);
    }
}
