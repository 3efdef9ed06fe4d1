package io.automove.emulators;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One execution environment of a function: a fresh JVM running the Lambda Java runtime interface client (the
 * same client the managed java21 runtime is built on) with LAMBDA_TASK_ROOT on the function's deployment
 * package, so the runtime loads the handler from the package (classes plus lib/*.jar) and constructs it with its
 * no-arg constructor, as Lambda does. Events go through {@link RuntimeApi}.
 */
final class LambdaContainer implements AutoCloseable {
    /** The runtime client's entry point. */
    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    final String functionId;
    private final RuntimeApi api;
    private final Process process;
    private final long startedAt = System.nanoTime();

    /** Thrown when the function reported an error for an invocation (the runtime posted to /error). */
    static final class FunctionError extends RuntimeException {
        FunctionError(String functionId, String body) { super(functionId + " failed: " + body); }
    }

    LambdaContainer(String functionId, String handler, Path taskRoot, Map<String, String> environment, Path logFile)
            throws IOException {
        this.functionId = functionId;
        this.api = new RuntimeApi(functionId);
        // an environment's own /tmp, as in Lambda
        Path tmp = Files.createTempDirectory("lambda-" + functionId + "-");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djava.io.tmpdir=" + tmp);
        // the runtime client would unpack its native library to the fixed /tmp/.libaws-lambda-jni.so, which
        // several local processes share (one rewriting it under another crashes it): load one unpacked copy
        command.add("-D" + JNI_PROPERTY + "=" + nativeLibrary());
        command.add("-cp");
        command.add(runtimeClassPath());
        command.add(RIC_MAIN);
        command.add(handler);
        // the runtime loads the function from its working directory, as Lambda starts it in /var/task
        ProcessBuilder pb = new ProcessBuilder(command).directory(taskRoot.toAbsolutePath().toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("JAVA_TOOL_OPTIONS"));
        env.putAll(environment);
        env.put("TMPDIR", tmp.toString());
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("LAMBDA_TASK_ROOT", taskRoot.toAbsolutePath().toString());
        env.put("_HANDLER", handler);
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionId);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionId);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "emulated");
        Files.createDirectories(logFile.getParent());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        this.process = pb.start();
    }

    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static Path nativeLibrary;

    /** The runtime client's native library for this machine, unpacked once from its jar. */
    static synchronized Path nativeLibrary() throws IOException {
        if (nativeLibrary != null) return nativeLibrary;
        String arch = System.getProperty("os.arch").contains("aarch64") ? "aarch_64" : "x86_64";
        String name = "libaws-lambda-jni.linux-" + arch + ".so";
        Path target = Path.of("target", "emulators", name).toAbsolutePath();
        Files.createDirectories(target.getParent());
        try (var in = Class.forName("com.amazonaws.services.lambda.runtime.api.client.AWSLambda")
                .getResourceAsStream("/jni/" + name)) {
            if (in == null) throw new IllegalStateException("the runtime client has no " + name);
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("aws-lambda-java-runtime-interface-client is not on the test class path", e);
        }
        return nativeLibrary = target;
    }

    /** The runtime's own jars: the interface client and what it needs, taken from this JVM's class path. */
    static String runtimeClassPath() {
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("aws-lambda-java-runtime-interface-client") || name.startsWith("aws-lambda-java-core")
                    || name.startsWith("aws-lambda-java-serialization") || name.startsWith("utils-lite")) {
                jars.add(entry);
            }
        }
        if (jars.stream().noneMatch(j -> j.contains("runtime-interface-client"))) {
            throw new IllegalStateException("aws-lambda-java-runtime-interface-client is not on the test class path");
        }
        return String.join(File.pathSeparator, jars);
    }

    /** Invokes the function with an event; returns its response, or throws {@link FunctionError}. */
    String invoke(String event) {
        try {
            RuntimeApi.Result result = api.submit(event).get(60, TimeUnit.SECONDS);
            if (result.error()) throw new FunctionError(functionId, result.body());
            return result.body();
        } catch (TimeoutException e) {
            throw new IllegalStateException(functionId + " did not answer within 60 s (alive: " + process.isAlive() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Milliseconds from process start to the runtime's first request for an event: the init phase. */
    long initMillis() throws Exception {
        return (api.firstPoll().get(60, TimeUnit.SECONDS) - startedAt) / 1_000_000;
    }

    boolean alive() { return process.isAlive(); }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        api.close();
    }
}
