package io.automove.bench;

import io.automove.localstack.Template;
import io.automove.emulators.BenchCloud;
import io.automove.support.Json;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Part 2: runs {@link WarmLatency} once per function, each in a JVM of its own (as each function has its own
 * execution environments), started with the template's JAVA_TOOL_OPTIONS, against the benchmark's DynamoDB Local.
 */
final class WarmPhase {
    /** One function's figures, as WarmLatency wrote them. */
    record FunctionResult(String functionId, JsonNode figures) {
        double num(String field) { return Double.parseDouble(figures.field(field).orElseThrow().asNumber()); }
        String text(String field) { return figures.field(field).map(JsonNode::asString).orElse(""); }
    }

    record Result(List<FunctionResult> functions, String javaToolOptions, String jvm, int warmup, int measured,
                  double seconds) {
        FunctionResult of(String functionId) {
            return functions.stream().filter(f -> f.functionId().equals(functionId)).findFirst().orElseThrow();
        }
    }

    private WarmPhase() {}

    /** {@code oneJvm}: all functions in a single JVM (the smoke run, to save the JVM starts). */
    static Result run(Template template, BenchCloud cloud, int warmup, int measured, boolean oneJvm, Path work) throws Exception {
        long started = System.nanoTime();
        String javaToolOptions = Functions.javaToolOptions(template);
        List<FunctionResult> results = new ArrayList<>();
        String jvm = "";
        List<String> groups = oneJvm ? List.of("all")
                : template.functions().stream().map(Template.Function::logicalId).toList();
        for (String group : groups) {
            Path out = work.resolve("warm-" + group + ".json");
            Files.deleteIfExists(out);
            Path log = work.resolve("logs").resolve("warm-" + group + ".log");
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "-cp", System.getProperty("java.class.path"), WarmLatency.class.getName(),
                    "--dynamo", cloud.dynamoUri().toString(),
                    "--warmup", Integer.toString(warmup), "--measured", Integer.toString(measured), "--out", out.toString()));
            if (!oneJvm) command.addAll(List.of("--function", group));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            pb.environment().remove("JDK_JAVA_OPTIONS");
            pb.environment().put("JAVA_TOOL_OPTIONS", javaToolOptions);
            Process p = pb.start();
            try {
                if (!p.waitFor(15, TimeUnit.MINUTES)) throw new IllegalStateException("warm run of " + group + " hangs; see " + log);
            } finally {
                if (p.isAlive()) p.destroyForcibly();
            }
            if (p.exitValue() != 0 || !Files.exists(out)) {
                throw new IllegalStateException("warm run of " + group + " failed (exit " + p.exitValue() + "):\n" + Files.readString(log));
            }
            Files.readAllLines(log).stream().filter(l -> l.startsWith("warm ")).forEach(System.out::println);
            JsonNode doc = Json.parse(Files.readString(out));
            jvm = doc.field("jvm").map(JsonNode::asString).orElse("");
            for (JsonNode fn : doc.field("functions").orElseThrow().asArray()) {
                results.add(new FunctionResult(fn.field("functionId").orElseThrow().asString(), fn));
            }
        }
        return new Result(results, javaToolOptions, jvm, warmup, measured, (System.nanoTime() - started) / 1e9);
    }
}
