package io.automove;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The layering the guide asks for, checked on the sources so it cannot quietly erode. */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/io/automove");

    private static List<Path> sources(String pkg) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    private static List<String> imports(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.startsWith("import ")).toList();
    }

    @Test
    void theDomainAndPorts_arePureJava_withoutAwsOrAdapters() throws IOException {
        for (String pkg : List.of("domain", "ports")) {
            for (Path file : sources(pkg)) {
                for (String line : imports(file)) {
                    assertThat(line).as(file.toString())
                            .doesNotContain("software.amazon").doesNotContain("com.amazonaws")
                            .doesNotContain("io.automove.adapters").doesNotContain("io.automove.handlers")
                            .doesNotContain("io.automove.support");
                }
            }
        }
    }

    @Test
    void functionsNeverReachForTheLocalStack() throws IOException {
        for (String pkg : List.of("domain", "ports", "handlers", "adapters/dynamodb", "adapters/ses", "adapters/eventbridge",
                "support")) {
            for (Path file : sources(pkg)) {
                for (String line : imports(file)) {
                    assertThat(line).as(file.toString()).doesNotContain("io.automove.adapters.local")
                            .doesNotContain("io.automove.local").doesNotContain("software.amazon.dynamodb.services.local")
                            .doesNotContain("software.amazon.event.ruler").doesNotContain("org.yaml");
                }
            }
        }
    }
}
