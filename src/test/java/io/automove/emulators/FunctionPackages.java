package io.automove.emulators;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The deployment packages, built by the very Makefile targets `sam build` calls, from what this Maven run has
 * already compiled and copied (target/classes, target/lambda-lib): no nested Maven build.
 */
final class FunctionPackages {
    static final Path ROOT = Path.of("target", "lambda");

    private FunctionPackages() {}

    static synchronized Path of(String functionId) throws IOException, InterruptedException {
        Path dir = ROOT.resolve(functionId);
        if (Files.isDirectory(dir.resolve("lib"))) return dir;
        Path lib = Path.of("target", "lambda-lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("target/lambda-lib is missing: run the emulator tier with mvn verify -Pemulators");
        }
        Files.writeString(lib.resolve(".done"), "");
        Process make = new ProcessBuilder("make", "-s", "-o", "target/lambda-lib/.done", "build-" + functionId,
                "ARTIFACTS_DIR=" + dir.toAbsolutePath()).redirectErrorStream(true).start();
        String out = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!make.waitFor(2, TimeUnit.MINUTES) || make.exitValue() != 0) {
            throw new IllegalStateException("make build-" + functionId + " failed:\n" + out);
        }
        System.out.print(out);
        return dir;
    }
}
