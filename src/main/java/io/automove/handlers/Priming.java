package io.automove.handlers;

import io.automove.support.Log;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before Lambda takes the snapshot of an initialized function, run the code an invocation
 * runs, on a path that reads but never writes (an unknown caller, an unknown job), so that the classes it loads,
 * the SDK's marshallers, the JSON code and the HTTP client's connection machinery are in the snapshot instead of
 * being loaded on the first real request after a restore. Outside a CRaC runtime this is never called.
 */
final class Priming implements Resource {
    private final String function;
    private final Runnable prime;

    private Priming(String function, Runnable prime) {
        this.function = function;
        this.prime = prime;
    }

    /** The caller must keep the returned reference: CRaC holds resources weakly. */
    static Priming register(String function, Runnable prime) {
        Priming priming = new Priming(function, prime);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        run();
    }

    void run() {
        long started = System.nanoTime();
        try {
            prime.run();
            Log.info("primed", "function", function, "durationMs", (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            // a snapshot without priming is slower, not wrong
            Log.warn("priming failed", "function", function, "error", e.getClass().getSimpleName());
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing: the SDK opens new connections when the restored ones turn out stale
    }

    /** A payload 2.0 event on {@code routeKey}, from a caller of a firm that does not exist. */
    static String httpEvent(String routeKey, String rawPath, String body) {
        return "{\"version\":\"2.0\",\"routeKey\":\"" + routeKey + "\",\"rawPath\":\"" + rawPath + "\",\"headers\":"
                + "{\"content-type\":\"application/json\"},\"pathParameters\":{\"jobId\":\"job_priming\","
                + "\"requestId\":\"req_priming\",\"pipelineId\":\"pl_priming\"},\"queryStringParameters\":{\"accountId\":"
                + "\"acc_priming\"},\"requestContext\":{\"requestId\":\"priming\",\"authorizer\":{\"jwt\":{\"claims\":"
                + "{\"sub\":\"user_priming\",\"firmId\":\"firm_priming\"}}}},"
                + (body == null ? "" : "\"body\":" + io.automove.support.Json.write(body) + ",") + "\"isBase64Encoded\":false}";
    }

    /** An EventBridge envelope around {@code detail}. */
    static String busEvent(String detailType, String detail) {
        return "{\"version\":\"0\",\"id\":\"priming\",\"detail-type\":\"" + detailType + "\",\"source\":\"io.automove\","
                + "\"account\":\"000000000000\",\"time\":\"2026-01-01T00:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],"
                + "\"detail\":" + detail + "}";
    }
}
