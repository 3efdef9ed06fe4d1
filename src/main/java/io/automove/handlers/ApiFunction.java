package io.automove.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.automove.model.DomainException;
import io.automove.usecases.IdempotencyKey;
import io.automove.usecases.ReadDecideCommit.KeptChangingException;
import io.automove.usecases.ports.ConcurrentChangeException;
import io.automove.support.Json;
import io.automove.support.Log;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP side of a function: reads the payload 2.0 event itself (no reflective event mapping on the cold
 * path), dispatches on the route key API Gateway matched, and turns every refusal into
 * {@code {"error":{"code","message"}}} with a fitting status. The routes a function answers are the ones
 * template.yaml gives it; {@code TemplateRoutesTest} keeps {@link #routes()} and the template equal.
 */
public abstract class ApiFunction implements RequestStreamHandler {

    @FunctionalInterface
    public interface Route {
        HttpResponse handle(HttpRequest request);
    }

    /** Route key ("POST /jobs/{jobId}/move") to route. */
    protected abstract Map<String, Route> routes();

    public final Set<String> routeKeys() { return routes().keySet(); }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
        HttpRequest request;
        HttpResponse response;
        Log.requestId(context == null ? null : context.getAwsRequestId());
        try {
            request = HttpRequest.fromEvent(Json.parse(input));
            response = handle(request);
        } catch (IllegalArgumentException e) {
            response = HttpResponse.error(400, "INVALID_EVENT", "The event is not an HTTP API event.", Map.of());
        } finally {
            Log.requestId(null);
        }
        output.write(response.toEvent().getBytes(StandardCharsets.UTF_8));
    }

    public final HttpResponse handle(HttpRequest request) {
        long started = System.nanoTime();
        HttpResponse response;
        Route route = request.routeKey() == null ? null : routes().get(request.routeKey());
        if (route == null) {
            response = HttpResponse.error(404, "ROUTE_NOT_FOUND", "No such route: " + request.routeKey(), Map.of());
        } else {
            response = answer(route, request);
        }
        Log.info("http", "route", request.routeKey(), "status", response.status(),
                "durationMs", (System.nanoTime() - started) / 1_000_000);
        return response;
    }

    private static HttpResponse answer(Route route, HttpRequest request) {
        try {
            return route.handle(request);
        } catch (DomainException e) {
            if (e.reason() == DomainException.Reason.LIMITED) {
                // the one line of a call refused by the firm's daily email cap: ids and the cap only
                Log.warn("call refused: the firm's daily email cap is reached", "firmId", request.caller().firmId(),
                        "route", request.routeKey(), "code", e.code(), "cap", e.details().get("cap"));
            }
            return HttpResponse.error(status(e), e.code(), e.getMessage(), e.details());
        } catch (ApiException e) {
            return HttpResponse.error(e.status(), e.code(), e.getMessage(), Map.of());
        } catch (KeptChangingException | ConcurrentChangeException e) {
            return HttpResponse.error(409, "CONCURRENT_UPDATE", "Someone else changed this at the same time; try again.",
                    Map.of());
        } catch (SdkException e) {
            if (e instanceof AwsServiceException s && (s.isThrottlingException() || s.statusCode() == 503)) {
                Log.warn("throttled", "route", request.routeKey(), "code", s.awsErrorDetails().errorCode());
                return HttpResponse.error(503, "THROTTLED", "The service is busy; retry in a moment.", Map.of())
                        .withHeader("retry-after", "1");
            }
            Log.error("aws call failed", e, "route", request.routeKey());
            return HttpResponse.error(500, "INTERNAL", "Something went wrong on our side.", Map.of());
        } catch (RuntimeException e) {
            Log.error("unexpected failure", e, "route", request.routeKey());
            return HttpResponse.error(500, "INTERNAL", "Something went wrong on our side.", Map.of());
        }
    }

    static int status(DomainException e) {
        return switch (e.reason()) {
            case INVALID -> 400;
            case FORBIDDEN -> "UNAUTHENTICATED".equals(e.code()) ? 401 : 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case LIMITED -> 429;
        };
    }

    /** Runs an event through the whole handler, answer discarded: for priming. */
    protected final void primeWith(String event) {
        try {
            handleRequest(new java.io.ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                    java.io.OutputStream.nullOutputStream(), null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The Idempotency-Key header, if the caller sent one, scoped to this very call (its route, path filled in). */
    protected static IdempotencyKey idempotencyKey(HttpRequest request) {
        String key = request.header("idempotency-key");
        if (key == null) return IdempotencyKey.NONE;
        if (key.isBlank() || key.length() > 200) {
            throw DomainException.invalid("INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must be 1 to 200 characters.");
        }
        return new IdempotencyKey(key, request.call());
    }

    /** Routes that take no body, or {}: one with fields in it is refused, so nobody thinks a field did something. */
    protected static HttpRequest noBody(HttpRequest r) {
        Body body = Body.optional(r);
        if (body != null) body.end();
        return r;
    }

    protected static HttpResponse created(Map<String, Object> body, boolean replayed) {
        HttpResponse response = HttpResponse.json(201, body);
        return replayed ? response.withHeader("idempotent-replayed", "true") : response;
    }
}
