package io.automove.adapters.dynamodb;

/**
 * The single-table keys (see docs/data-model.md). A firm's configuration shares the firm's partition; each job
 * and each client request has a partition of its own so that busy firms spread their writes. The firm id is
 * part of every key: a lookup with another firm's id finds nothing.
 */
final class Keys {
    static final String PK = "PK";
    static final String SK = "SK";
    static final String GSI1 = "GSI1";
    static final String GSI1PK = "GSI1PK";
    static final String GSI1SK = "GSI1SK";
    /** The sparse due-work index: only unfinished requests with a reminder or a due date ahead are in it. */
    static final String GSI2 = "GSI2";
    static final String GSI2PK = "GSI2PK";
    static final String GSI2SK = "GSI2SK";
    static final String DUE_WORK = "DUE";
    /** The stage board index: a stage's jobs (active, or archived), oldest first. */
    static final String GSI3 = "GSI3";
    static final String GSI3PK = "GSI3PK";
    static final String GSI3SK = "GSI3SK";
    /** The account board index: one account's jobs in one stage; an employee's board reads only their accounts. */
    static final String GSI4 = "GSI4";
    static final String GSI4PK = "GSI4PK";
    static final String GSI4SK = "GSI4SK";

    private Keys() {}

    static String firm(String firmId) { return "FIRM#" + firmId; }
    /** The stack's own items, outside every firm: the single-firm marker. */
    static final String STACK = "STACK";
    static final String ONLY_FIRM_SK = "ONLY_FIRM";
    static final String FIRM_SK = "FIRM";
    static String member(String userId) { return "MEMBER#" + userId; }
    static String account(String accountId) { return "ACCOUNT#" + accountId; }
    static String template(String templateId) { return "TEMPLATE#" + templateId; }
    static String pipeline(String pipelineId) { return "PIPELINE#" + pipelineId; }

    static String job(String firmId, String jobId) { return "FIRM#" + firmId + "#JOB#" + jobId; }
    static final String JOB_SK = "JOB";

    /** A stage's jobs on the stage board index; archived jobs sit in a partition of their own beside it. */
    static String jobsOfStage(String firmId, String pipelineId, String stageId, boolean archived) {
        return "FIRM#" + firmId + "#PIPELINE#" + pipelineId + "#STAGE#" + stageId + (archived ? "#ARCHIVED" : "");
    }

    /** One account's jobs in a stage, on the account board index. */
    static String jobsOfAccountInStage(String firmId, String accountId, String pipelineId, String stageId, boolean archived) {
        return "FIRM#" + firmId + "#ACCOUNT#" + accountId + "#PIPELINE#" + pipelineId + "#STAGE#" + stageId
                + (archived ? "#ARCHIVED" : "");
    }

    /**
     * A job's place in its stage: creation time (epoch millis, 15 digits) then its id. It never changes, so a
     * cursor (the last place seen) stays meaningful however jobs move meanwhile (docs/data-model.md, "Paging").
     */
    static String jobPlace(java.time.Instant createdAt, String jobId) {
        return millis(createdAt == null ? java.time.Instant.EPOCH : createdAt) + "#" + jobId;
    }

    static boolean isJobPlace(String place) {
        return place != null && place.length() > 16 && place.substring(0, 15).chars().allMatch(Character::isDigit)
                && place.charAt(15) == '#' && io.automove.model.Id.valid(place.substring(16));
    }

    /** The board counters of a pipeline: one item per stage, counting its active jobs. */
    static String boardCounters(String firmId, String pipelineId) { return "FIRM#" + firmId + "#BOARD#" + pipelineId; }
    static String stageCounter(String stageId) { return "STAGE#" + stageId; }

    /** A member's assignment to an account (in the firm's partition): an employee's accounts by one query. */
    static String team(String userId, String accountId) { return "TEAM#" + userId + "#" + accountId; }
    static String teamOf(String userId) { return "TEAM#" + userId + "#"; }

    static String request(String firmId, String requestId) { return "FIRM#" + firmId + "#REQUEST#" + requestId; }
    static final String REQUEST_SK = "REQUEST";
    /** An account's jobs and its requests share its GSI1 partition, told apart by GSI1SK's JOB# / REQUEST#. */
    static String jobsOfAccount(String firmId, String accountId) { return "FIRM#" + firmId + "#ACCOUNT#" + accountId; }
    static String requestsOfAccount(String firmId, String accountId) { return "FIRM#" + firmId + "#ACCOUNT#" + accountId; }

    /** The firm's activity trail: a partition of its own, apart from the firm's configuration. */
    static String firmActivity(String firmId) { return "FIRM#" + firmId + "#ACTIVITY"; }

    /**
     * An activity entry's place in a trail (the firm's, or in the partition of the job or request it belongs to):
     * when its change was stored (epoch microseconds, 17 digits), its place in that change, then its event's id.
     */
    static String activity(java.time.Instant at, int seq, String eventId) {
        long micros = Math.max(0, at.getEpochSecond()) * 1_000_000L + at.getNano() / 1_000;
        return ACTIVITY_SK + String.format("%017d#%03d#", micros, seq) + eventId;
    }
    static final String ACTIVITY_SK = "ACTIVITY#";

    static String portalEvent(String firmId, String portalEventId) { return "FIRM#" + firmId + "#PORTALEVENT#" + portalEventId; }
    static final String PORTAL_EVENT_SK = "PORTALEVENT";

    /** A firm's email counter of one UTC day (multi-firm mode's daily email cap), in the firm's partition. */
    static String emailCounter(java.time.LocalDate day) { return "EMAILS#" + day; }

    /**
     * Sorts by time: epoch milliseconds zero-padded to 15 digits, then the request it names. 15 digits hold every
     * instant the API accepts (years up to 9999, {@code Body.optInstant}); 13 would stop at 2286, after which a key
     * has one digit more and sorts before every earlier one. A time before 1970 counts as 1970: due already.
     */
    static String dueWork(java.time.Instant at, String firmId, String requestId) {
        return millis(at) + "#" + firmId + "#" + requestId;
    }

    /** The latest key of the due-work index due at {@code now}: every key up to it is due. */
    static String dueWorkUntil(java.time.Instant now) {
        return millis(now) + "#~";
    }

    private static String millis(java.time.Instant at) {
        return String.format("%015d", at.isBefore(java.time.Instant.EPOCH) ? 0 : at.toEpochMilli());
    }
}
