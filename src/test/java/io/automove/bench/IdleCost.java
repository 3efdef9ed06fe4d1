package io.automove.bench;

import io.automove.localstack.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a deployed stack costs a month with no traffic at all, from the template's resources (each counted by type)
 * and AWS's list prices (us-east-1, {@link Costs#PRICES_AS_OF}). Pay-per-use resources cost nothing idle; what is
 * billed anyway is storage (the table and its backups, the log groups), each secret, each alarm, and whatever runs
 * on a schedule (the reminder sweep, which queries the due-work index every time it runs).
 */
final class IdleCost {
    // Secrets Manager: per secret per month; CloudWatch: per standard alarm per month
    static final double SECRET_MONTH = 0.40;
    static final double ALARM_MONTH = 0.10;
    // storage per GB-month: DynamoDB standard table class, its continuous backups (PITR), CloudWatch Logs archived
    static final double DDB_GB_MONTH = 0.25;
    static final double PITR_GB_MONTH = 0.20;
    static final double LOGS_GB_MONTH = 0.03;
    /** The firm's data assumed stored: 10,000 jobs and 10,000 requests with their index entries, rounded up. */
    static final double STORED_GB = 0.05;
    /** A sweep that finds nothing: its billed duration (warm, SnapStart) and its log bytes (platform lines + one). */
    static final double SWEEP_BILLED_SECONDS = 0.1;
    static final int SWEEP_LOG_BYTES = Costs.PLATFORM_LOG_BYTES + 200;
    static final double HOURS_A_MONTH = 730;

    record Line(String item, String quantity, String price, double dollars) {}

    record Result(List<Line> lines, Map<String, Integer> resourceTypes, List<String> unpriced) {
        double total() { return lines.stream().mapToDouble(Line::dollars).sum(); }
    }

    /** Types that bill per request or per use only: nothing when idle. */
    static final List<String> PAY_PER_USE = List.of("AWS::Serverless::Function", "AWS::Serverless::HttpApi",
            "AWS::Events::EventBus", "AWS::SQS::Queue", "AWS::SQS::QueuePolicy");

    private IdleCost() {}

    static Result of(Template template) {
        Map<String, Integer> types = new TreeMap<>();
        template.resources().forEach((id, r) -> types.merge(String.valueOf(((Map<?, ?>) r).get("Type")), 1, Integer::sum));
        List<Line> lines = new ArrayList<>();
        List<String> unpriced = new ArrayList<>();
        for (Map.Entry<String, Integer> t : types.entrySet()) {
            int n = t.getValue();
            switch (t.getKey()) {
                case "AWS::SecretsManager::Secret" -> lines.add(new Line("Secrets Manager secret", n + "", "$0.40 a month", n * SECRET_MONTH));
                case "AWS::CloudWatch::Alarm" -> lines.add(new Line("CloudWatch alarm", n + "", "$0.10 a month", n * ALARM_MONTH));
                case "AWS::DynamoDB::Table" -> {
                    lines.add(new Line("DynamoDB storage (table and indexes)", STORED_GB + " GB", "$0.25 per GB-month", n * STORED_GB * DDB_GB_MONTH));
                    lines.add(new Line("DynamoDB point-in-time recovery", STORED_GB + " GB", "$0.20 per GB-month", n * STORED_GB * PITR_GB_MONTH));
                }
                case "AWS::Logs::LogGroup" -> {
                    double gb = HOURS_A_MONTH * SWEEP_LOG_BYTES / 1e9;
                    lines.add(new Line("CloudWatch Logs: the sweep's lines, ingested and kept (" + n + " log groups)",
                            String.format("%.2f MB", gb * 1e3), "$0.50 per GB + $0.03 per GB-month",
                            gb * (Costs.LOGS_GB + LOGS_GB_MONTH)));
                }
                default -> { if (!PAY_PER_USE.contains(t.getKey())) unpriced.add(t.getKey()); }
            }
        }
        // the scheduled sweep runs whatever the traffic: its invocations, its duration, its query of the index
        int memoryMb = sweepMemory(template);
        double runs = HOURS_A_MONTH;
        lines.add(new Line("Reminder sweep: Lambda requests (hourly)", String.format("%.0f", runs), "$0.20 per million",
                runs * Costs.LAMBDA_REQUEST));
        lines.add(new Line("Reminder sweep: Lambda duration", String.format("%.0f x %.1f s x %d MB", runs, SWEEP_BILLED_SECONDS, memoryMb),
                "$0.0000133334 per GB-s (arm64)", runs * SWEEP_BILLED_SECONDS * memoryMb / 1024.0 * Costs.LAMBDA_GB_SECOND_ARM));
        lines.add(new Line("Reminder sweep: DynamoDB query of the due-work index", String.format("%.0f x 0.5 RRU", runs),
                "$0.125 per million RRU", runs * 0.5 * Costs.DDB_READ_UNIT));
        return new Result(lines, types, unpriced);
    }

    private static int sweepMemory(Template template) {
        Object props = template.resource("ReminderSweepFunction").get("Properties");
        Object memory = props instanceof Map<?, ?> m ? m.get("MemorySize") : null;
        if (memory == null) memory = template.functionGlobals().get("MemorySize");
        return Integer.parseInt(String.valueOf(memory));
    }
}
