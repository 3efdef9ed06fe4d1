package io.automove.localstack;

import io.automove.testing.Stack;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The README's "Walkthrough with curl", word for word: its bash blocks run in order against a local stack on a free
 * port, so the commands a newcomer copies keep working as the API changes (reminders by the local clock included).
 */
class ReadmeWalkthroughTest {

    static List<String> walkthroughBlocks(String readme) {
        int from = readme.indexOf("### Walkthrough with curl");
        int to = readme.indexOf("\n### ", from + 1);
        assertThat(from).as("the README has its walkthrough").isPositive();
        Matcher m = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(readme.substring(from, to));
        List<String> blocks = new ArrayList<>();
        while (m.find()) blocks.add(m.group(1));
        return blocks;
    }

    private static boolean has(String tool) throws Exception {
        return new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor() == 0;
    }

    @Test
    void theReadmeWalkthrough_runsAsWritten_andEndsWithTheJobInReview_afterOneReminder() throws Exception {
        for (String tool : List.of("curl", "jq", "openssl")) {
            assumeThat(has(tool)).as(tool + " is on this machine (the README lists it as needed)").isTrue();
        }
        List<String> blocks = walkthroughBlocks(Files.readString(Path.of("README.md")));
        assertThat(blocks).hasSize(2);
        try (LocalLauncher launcher = LocalLauncher.start("127.0.0.1", 0, null, Stack.TEMPLATE, LocalStack.LOCAL_WEBHOOK_SECRET)) {
            String script = "set -euo pipefail\n" + String.join("\n", blocks)
                    .replace("API=http://localhost:3000", "API=" + launcher.url());
            Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
            boolean ended = bash.waitFor(90, TimeUnit.SECONDS);
            String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ended) bash.destroyForcibly();
            assertThat(ended).as("the walkthrough ends (output so far: %s)", out).isTrue();
            assertThat(bash.exitValue()).as(out).isZero();
            assertThat(out).contains("\"Reminder: Documents for your tax return\"")
                    .contains("{\"status\":\"accepted\"}")
                    .contains("\"stageName\": \"Review\"")
                    .contains("\"status\": \"SUBMITTED\"");
        }
    }
}
