package io.automove;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/architecture.md walks a story through the code with links to lines: each must still point at the line that
 * does the step. A link {@code [`SubmitClientRequest.submit`](../src/.../SubmitClientRequest.java#L47)} holds if
 * line 47 of that file contains the last name of its text ({@code submit}). And the story opens at most six Java
 * files, as promised.
 */
class ArchitectureDocTest {
    private static final Path DOC = Path.of("docs/architecture.md");
    private static final Pattern LINK = Pattern.compile("\\[`([^`]+)`\\]\\(\\.\\./([^)#]+)(?:#L(\\d+))?\\)");

    @Test
    void everyLineLink_pointsAtTheLineThatDoesTheStep() throws IOException {
        String doc = Files.readString(DOC);
        Matcher m = LINK.matcher(doc);
        List<String> broken = new ArrayList<>();
        int lineLinks = 0;
        while (m.find()) {
            Path file = Path.of(m.group(2));
            if (!Files.isRegularFile(file)) {
                broken.add(m.group() + ": no such file");
                continue;
            }
            if (m.group(3) == null) continue;
            lineLinks++;
            List<String> lines = Files.readAllLines(file);
            int n = Integer.parseInt(m.group(3));
            String token = m.group(1).replaceAll(".*[.#]", "");
            if (n > lines.size() || !lines.get(n - 1).contains(token)) {
                broken.add(m.group() + ": line " + n + " does not contain '" + token + "'"
                        + (n <= lines.size() ? " (it is: " + lines.get(n - 1).strip() + ")" : ""));
            }
        }
        assertThat(lineLinks).isGreaterThan(10);
        assertThat(broken).isEmpty();
    }

    @Test
    void theSubmissionStory_opensAtMostSixJavaFiles() throws IOException {
        String doc = Files.readString(DOC);
        String story = doc.substring(doc.indexOf("## Follow a submission"), doc.indexOf("## Layout"));
        Set<String> files = new LinkedHashSet<>();
        Matcher m = LINK.matcher(story);
        while (m.find()) if (m.group(2).endsWith(".java")) files.add(m.group(2));
        assertThat(files).hasSizeBetween(3, 6);
    }
}
