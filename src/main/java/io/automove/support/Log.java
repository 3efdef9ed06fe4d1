package io.automove.support;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Structured JSON logs, one line per entry, for CloudWatch Logs Insights. Only ids and counts may be logged:
 * fields outside {@link #ALLOWED} are dropped, so an email address or an answer cannot slip in by accident. Logging
 * never throws: a field dropped for that reason is reported once per container, by name only, and the call goes on.
 */
public final class Log {
    static final Set<String> ALLOWED = Set.of("firmId", "jobId", "requestId", "accountId", "pipelineId", "stageId",
            "fromStageId", "toStageId", "stageVersion", "userId", "eventId", "detailType", "outcome", "count", "status",
            "code", "route", "function", "awsRequestId", "recipients", "attempt", "error", "durationMs", "templateId",
            "portalEventId", "records", "published", "failed", "cause", "cap");

    private static volatile PrintStream out = System.out;
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();

    private Log() {}

    /** Tests capture the log of a whole story here. */
    public static void redirect(PrintStream stream) { out = stream; }

    public static void requestId(String awsRequestId) {
        if (awsRequestId == null) REQUEST_ID.remove(); else REQUEST_ID.set(awsRequestId);
    }

    public static void info(String message, Object... keyValues) { write("INFO", message, null, keyValues); }

    public static void warn(String message, Object... keyValues) { write("WARN", message, null, keyValues); }

    /** Logs the exception as {@link #describe} gives it: classes, AWS error codes, and only our own messages. */
    public static void error(String message, Throwable error, Object... keyValues) {
        write("ERROR", message, error, keyValues);
    }

    private static void write(String level, String message, Throwable error, Object... keyValues) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("timestamp", Instant.now().toString());
        entry.put("level", level);
        entry.put("message", message);
        String rid = REQUEST_ID.get();
        if (rid != null) entry.put("awsRequestId", rid);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            String key = String.valueOf(keyValues[i]);
            if (ALLOWED.contains(key)) {
                entry.put(key, keyValues[i + 1]);
            } else if (REPORTED.add(key)) {
                print(Json.write(Map.of("timestamp", Instant.now().toString(), "level", "WARN",
                        "message", "log field not allowed, dropped (reported once)", "droppedField", key)));
            }
        }
        if (error != null) entry.put("error", describe(error));
        print(Json.write(entry));
    }

    private static void print(String line) {
        PrintStream target = out;
        synchronized (target) {
            target.println(line);
        }
    }

    /**
     * An exception as it may be logged or rethrown to the Lambda runtime, which prints what it is given: the class
     * of each exception in the cause chain, AWS's error code and status where there is one, and the message only of
     * our own exceptions (they name ids, never personal data, and even then not if one holds an "@"). Messages of
     * the SDK, the JDK and services are left out: SES's sandbox refusal, for one, lists recipient addresses.
     */
    public static String describe(Throwable error) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = error; t != null && depth < 8; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (depth > 0) out.append(" <- ");
            out.append(t.getClass().getSimpleName());
            if (t instanceof AwsServiceException aws) {
                String code = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
                out.append(" [").append(code == null ? "" : code + " ").append(aws.statusCode()).append(']');
            }
            String m = t.getMessage();
            if (m != null && !m.contains("@") && t.getClass().getName().startsWith("io.automove.")) {
                out.append(": ").append(m.length() > 300 ? m.substring(0, 300) : m);
            }
        }
        return out.toString();
    }
}
