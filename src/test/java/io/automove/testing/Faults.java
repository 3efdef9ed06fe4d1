package io.automove.testing;

import io.automove.localstack.Functions.Ports;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.EventPublisher;
import io.automove.usecases.ports.Mailer;
import io.automove.usecases.ports.WorkflowStore;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps every port (DynamoDB stores, SES mailer, EventBridge publisher; the webhook secret, locally a parameter
 * that calls nothing, passes through) and fails the k-th call of all of them, once, in one of three ways: an
 * exception before the call, a throttling error before the call, or a timeout after the call went through (the
 * write is stored, the caller never learns it). {@link #arm(Map)} fails several calls, each its own way.
 */
public final class Faults {

    public enum Kind { EXCEPTION, THROTTLING, TIMEOUT_AFTER_CALL }

    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> trace = new ArrayList<>();
    private volatile Map<Integer, Kind> plan = Map.of();
    private volatile boolean armed;
    private final Map<Integer, String> injected = new ConcurrentHashMap<>();

    public Ports wrap(Ports p) {
        return new Ports(proxy(Directory.class, p.directory(), "dynamodb"), proxy(WorkflowStore.class, p.store(), "dynamodb"),
                proxy(Mailer.class, p.mailer(), "ses"), proxy(EventPublisher.class, p.publisher(), "eventbridge"),
                p.webhookSecrets(), proxy(io.automove.usecases.ports.ActivityTrail.class, p.activityTrail(), "dynamodb"));
    }

    /** The next {@code k}-th call (counted from now) fails as {@code kind}. */
    public void arm(int k, Kind kind) { arm(Map.of(k, kind)); }

    /** Each call numbered in {@code plan} (counted from now) fails, once, its own way. */
    public void arm(Map<Integer, Kind> plan) {
        synchronized (trace) {
            trace.clear();
        }
        calls.set(0);
        injected.clear();
        this.plan = Map.copyOf(plan);
        this.armed = true;
    }

    /** Counts calls without failing any: the baseline of a story. */
    public void count() { arm(Map.of()); }

    /** No more faults; what was injected stays readable. */
    public void disarm() { armed = false; }

    public int calls() { return calls.get(); }

    /** "dynamodb.commit" etc.: where the (first) fault went, null if the story had fewer calls. */
    public String injectedInto() {
        return injected.isEmpty() ? null : injected.get(new java.util.TreeSet<>(injected.keySet()).first());
    }

    /** Whether a fault of {@code kind} went into {@code port} ("ses.send"). */
    public boolean injected(Kind kind, String port) {
        return injected.entrySet().stream().anyMatch(e -> port.equals(e.getValue()) && plan.get(e.getKey()) == kind);
    }

    /** Every fault that went in: "TIMEOUT_AFTER_CALL at 12 (ses.send)", in call order. */
    public List<String> describe() {
        return new java.util.TreeMap<>(injected).entrySet().stream()
                .map(e -> plan.get(e.getKey()) + " at " + e.getKey() + " (" + e.getValue() + ")").toList();
    }

    public List<String> trace() {
        synchronized (trace) {
            return List.copyOf(trace);
        }
    }

    private <T> T proxy(Class<T> type, T target, String service) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) return method.invoke(target, args);
            int n = calls.incrementAndGet();
            String name = service + "." + method.getName();
            synchronized (trace) {
                trace.add(name);
            }
            Kind kind = armed ? plan.get(n) : null;
            boolean fail = kind != null;
            if (fail) injected.put(n, name);
            if (fail && kind != Kind.TIMEOUT_AFTER_CALL) throw before(service, kind);
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (fail) throw lostAnswer(service);
            return result;
        }));
    }

    private static RuntimeException before(String service, Kind kind) {
        return switch (service) {
            case "ses" -> new Mailer.MailRejectedException(kind == Kind.THROTTLING
                    ? "injected: Throttling: Maximum sending rate exceeded" : "injected: connection refused", null);
            case "eventbridge" -> new IllegalStateException(kind == Kind.THROTTLING
                    ? "injected: ThrottlingException" : "injected: connection refused");
            default -> kind == Kind.THROTTLING
                    ? ProvisionedThroughputExceededException.builder().statusCode(400).message("injected")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                            .serviceName("DynamoDb").build()).build()
                    : SdkClientException.create("injected: connection refused");
        };
    }

    private static RuntimeException lostAnswer(String service) {
        return service.equals("ses") ? new Mailer.MailOutcomeUnknownException("injected: read timed out", null)
                : SdkClientException.create("injected: read timed out after the call went through");
    }
}
