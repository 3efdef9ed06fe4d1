package io.automove.bench;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The machine a run measured on, as the report states it. */
record Machine(int nproc, String cpuModel, String memory, String jdk, String os, String loadBefore, String commit,
               String dynamoDbLocal, String sdk, String runtimeClient, String moto) {

    static Machine describe() {
        return new Machine(Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemory(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                loadAverage(), readCommit(), jarVersion("DynamoDBLocal-"), jarVersion("dynamodb-"),
                jarVersion("aws-lambda-java-runtime-interface-client-"), motoVersion());
    }

    static String readCpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return "unknown";
    }

    static String readMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                Matcher m = Pattern.compile("^MemTotal:\\s+(\\d+) kB").matcher(line);
                if (m.find()) return String.format("%.1f GiB", Long.parseLong(m.group(1)) / 1024.0 / 1024.0);
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return "unknown";
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    static String readCommit() {
        String head = run("git", "rev-parse", "--short=12", "HEAD");
        if (head.isEmpty()) return "unknown";
        String status = run("git", "status", "--porcelain", "--untracked-files=no");
        return head + (status.isBlank() ? "" : " with local changes");
    }

    static String jarVersion(String prefix) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith(prefix) && name.endsWith(".jar")) {
                String v = name.substring(prefix.length(), name.length() - 4);
                if (Character.isDigit(v.isEmpty() ? 'x' : v.charAt(0))) return v;
            }
        }
        return "unknown";
    }

    static String motoVersion() {
        String path = System.getenv("AUTOMOVE_MOTO_SERVER");
        if (path == null) path = System.getProperty("moto.server", "");
        Matcher m = Pattern.compile("moto-([0-9.]+)").matcher(path);
        return m.find() ? m.group(1) : "unknown";
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
        } catch (Exception e) {
            return "";
        }
    }
}
