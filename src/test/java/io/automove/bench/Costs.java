package io.automove.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Part 4: AWS list prices, us-east-1, and what 1,000 full cycles cost at them, from the counts of the measured
 * cycle and the measured warm durations. The prices are constants here, with the date they were taken: update
 * them (and {@link #PRICES_AS_OF}) when AWS changes them.
 */
final class Costs {
    static final String REGION = "us-east-1";
    static final String PRICES_AS_OF = "AWS list prices as published in 2025 (DynamoDB on-demand after the 50% cut of "
            + "2024-11-01); not re-checked online by this run";

    // Lambda, arm64 (the template's Architectures), first pricing tier
    static final double LAMBDA_REQUEST = 0.20 / 1e6;
    static final double LAMBDA_GB_SECOND_ARM = 0.0000133334;
    // DynamoDB on-demand
    static final double DDB_WRITE_UNIT = 0.625 / 1e6;
    static final double DDB_READ_UNIT = 0.125 / 1e6;
    // EventBridge custom events (each 64 KB chunk of an entry is one event)
    static final double EVENTBRIDGE_EVENT = 1.00 / 1e6;
    // API Gateway HTTP API, first 300 million requests a month (each 512 KB chunk is one request)
    static final double HTTP_API_REQUEST = 1.00 / 1e6;
    // SES outbound: each recipient of a message counts as one email
    static final double SES_EMAIL = 0.10 / 1000;
    // Secrets Manager API calls
    static final double SECRETS_CALL = 0.05 / 10_000;
    // X-Ray traces recorded (the first 100,000 a month are free: not applied here)
    static final double XRAY_TRACE = 5.00 / 1e6;
    // CloudWatch Logs ingestion (standard class); each log event also counts 26 bytes of metadata
    static final double LOGS_GB = 0.50;
    static final int LOGS_EVENT_OVERHEAD = 26;
    // EventBridge Scheduler: scheduled invocations (API calls are not billed; the first 14 million a month are free)
    static final double SCHEDULER_INVOCATION = 1.00 / 1e6;
    // Step Functions Standard workflows
    static final double SFN_TRANSITION = 0.025 / 1000;

    /** What Lambda itself writes per invocation in Text log format: START, END and REPORT lines (bytes, estimated). */
    static final int PLATFORM_LOG_BYTES = 60 + 50 + 160;
    static final int PLATFORM_LOG_LINES = 3;

    /**
     * One line of the bill of 1,000 cycles. {@code goal}: one of the services the cost goal names (Lambda, DynamoDB,
     * EventBridge, Secrets Manager, X-Ray); the others (HTTP API, CloudWatch Logs) are billed too and shown apart.
     */
    record Line(String item, String quantity, String price, double dollars, boolean ses, boolean goal, boolean optIn) {
        Line(String item, String quantity, String price, double dollars, boolean ses, boolean goal) {
            this(item, quantity, price, dollars, ses, goal, false);
        }
    }

    /** Per function: invocations in one cycle, its MemorySize, and its measured warm figures. */
    record FunctionUse(String functionId, int invocations, int memoryMb, double meanBilledMs, double logBytes,
                       double logLines) {}

    /**
     * {@code goalItems}: the goal's services as deployed (X-Ray only if the template traces by default);
     * {@code withXray} / {@code withXrayAtFivePercent}: the same with tracing Active, every trace recorded / 5%;
     * {@code alsoBilled}: HTTP API and logs.
     */
    record Bill(List<Line> lines, double goalItems, double withXray, double withXrayAtFivePercent, double alsoBilled,
                double ses, double secretsWorstCase, boolean tracingActive, Map<String, Object> facts) {
        double withoutSes() { return goalItems + alsoBilled; }
    }

    private Costs() {}

    static Bill of(List<FunctionUse> functions, double readUnits, double writeUnits, int eventBridgeEntries,
                   int httpRequests, int sesRecipients, int sesMessages, boolean tracingActive) {
        int cycles = 1000;
        List<Line> lines = new ArrayList<>();
        int invocations = functions.stream().mapToInt(FunctionUse::invocations).sum();
        lines.add(new Line("Lambda requests", cycles * invocations + " invocations", "$0.20 per million",
                cycles * invocations * LAMBDA_REQUEST, false, true));
        double gbSeconds = 0;
        StringBuilder detail = new StringBuilder();
        for (FunctionUse f : functions) {
            if (f.invocations() == 0) continue;
            double s = cycles * f.invocations() * (f.meanBilledMs() / 1000.0) * (f.memoryMb() / 1024.0);
            gbSeconds += s;
            if (detail.length() > 0) detail.append("; ");
            detail.append(String.format("%s %d x %.1f ms x %d MB", short_(f.functionId()), f.invocations(), f.meanBilledMs(), f.memoryMb()));
        }
        lines.add(new Line("Lambda duration, arm64 (" + detail + ")", String.format("%.1f GB-s", gbSeconds),
                "$0.0000133334 per GB-s", gbSeconds * LAMBDA_GB_SECOND_ARM, false, true));
        lines.add(new Line("DynamoDB on-demand writes", fmt(cycles * writeUnits) + " WRU", "$0.625 per million WRU",
                cycles * writeUnits * DDB_WRITE_UNIT, false, true));
        lines.add(new Line("DynamoDB on-demand reads", fmt(cycles * readUnits) + " RRU", "$0.125 per million RRU",
                cycles * readUnits * DDB_READ_UNIT, false, true));
        lines.add(new Line("EventBridge custom events", cycles * eventBridgeEntries + " events", "$1.00 per million",
                cycles * eventBridgeEntries * EVENTBRIDGE_EVENT, false, true));
        lines.add(new Line("API Gateway HTTP API", cycles * httpRequests + " requests", "$1.00 per million",
                cycles * httpRequests * HTTP_API_REQUEST, false, false));
        lines.add(new Line("Secrets Manager GetSecretValue (cached 5 min per container: ~0 per cycle)", "0 calls",
                "$0.05 per 10,000", 0, false, true));
        double traces = cycles * (double) invocations;
        lines.add(new Line(tracingActive ? "X-Ray traces (every invocation starts a trace; all sampled below 1 per second)"
                : "X-Ray traces, only if the `Tracing` parameter is set to Active (every invocation then starts a trace below 1 per second)",
                fmt(traces) + " traces", "$5.00 per million", traces * XRAY_TRACE, false, true, !tracingActive));
        double logBytes = 0;
        double logEvents = 0;
        for (FunctionUse f : functions) {
            logBytes += cycles * f.invocations() * (f.logBytes() + PLATFORM_LOG_BYTES);
            logEvents += cycles * f.invocations() * (f.logLines() + PLATFORM_LOG_LINES);
        }
        double ingested = logBytes + logEvents * LOGS_EVENT_OVERHEAD;
        lines.add(new Line("CloudWatch Logs ingestion (function lines measured + START/END/REPORT)",
                String.format("%.2f MB", ingested / 1e6), "$0.50 per GB", ingested / 1e9 * LOGS_GB, false, false));
        lines.add(new Line("SES", cycles * sesRecipients + " emails (" + cycles * sesMessages + " messages)",
                "$0.10 per 1,000 emails", cycles * sesRecipients * SES_EMAIL, true, false));
        double goal = lines.stream().filter(l -> l.goal() && !l.optIn()).mapToDouble(Line::dollars).sum();
        double also = lines.stream().filter(l -> !l.goal() && !l.ses() && !l.optIn()).mapToDouble(Line::dollars).sum();
        double xray = traces * XRAY_TRACE;
        double untraced = tracingActive ? goal - xray : goal;
        double ses = lines.stream().filter(Line::ses).mapToDouble(Line::dollars).sum();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("invocationsPerCycle", invocations);
        facts.put("gbSeconds", gbSeconds);
        facts.put("xray", xray);
        return new Bill(lines, goal, untraced + xray, untraced + xray * 0.05, also, ses, cycles * SECRETS_CALL,
                tracingActive, facts);
    }

    /** A Standard workflow doing the asynchronous part of the cycle, with a callback task for the client's submission. */
    static final List<String[]> STATE_MACHINE = List.of(
            new String[]{"GetTemplate", "Task: dynamodb:getItem (the stage's request template)"},
            new String[]{"CreateAndLinkRequest", "Task: aws-sdk:dynamodb:transactWriteItems (request + job link)"},
            new String[]{"GetAccount", "Task: dynamodb:getItem (the contacts)"},
            new String[]{"ClaimDelivery", "Task: dynamodb:updateItem (at most one email)"},
            new String[]{"SendEmail", "Task: aws-sdk:sesv2:sendEmail"},
            new String[]{"RecordSent", "Task: dynamodb:updateItem"},
            new String[]{"WaitForSubmission", "Task: dynamodb:updateItem.waitForTaskToken (the webhook calls SendTaskSuccess)"},
            new String[]{"ReadJob", "Task: dynamodb:getItem, consistent (anything else unfinished?)"},
            new String[]{"AllSubmitted", "Choice"},
            new String[]{"MoveJob", "Task: dynamodb:updateItem (the automove)"},
            new String[]{"Done", "Succeed"});

    static double stepFunctionsPerThousand() { return 1000 * STATE_MACHINE.size() * SFN_TRANSITION; }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.format("%,.0f", v) : String.format("%,.1f", v);
    }

    static String short_(String functionId) { return functionId.replace("Function", ""); }
}
