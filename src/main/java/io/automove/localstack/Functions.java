package io.automove.localstack;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.automove.handlers.Settings;
import io.automove.handlers.Wiring;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.EventPublisher;
import io.automove.usecases.ports.Ids;
import io.automove.usecases.ports.Mailer;
import io.automove.usecases.ports.SecretSource;
import io.automove.usecases.ports.WorkflowStore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every function of template.yaml, built once: its handler class (the template's {@code Handler}) constructed by
 * reflection with a {@link Wiring} on the local ports and the settings its {@code Environment} resolves to. Then
 * {@link #invoke} runs one, as Lambda would, with a fresh {@link LocalContext}. What triggers a function (a route,
 * a rule, the stream) is not decided here.
 */
public final class Functions {

    /** The ports a function runs on; {@link LocalStack.Options#decorate} may wrap them (fault injection, IAM). */
    public record Ports(Directory directory, WorkflowStore store, Mailer mailer, EventPublisher publisher,
                        SecretSource webhookSecrets, io.automove.usecases.ports.ActivityTrail activityTrail) {}

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private final Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();

    /**
     * @param refs what each {@code !Ref} of an environment resolves to locally: parameter names and resource
     *             logical ids (the table, the bus) to their values
     */
    Functions(Template template, Map<String, String> refs, Ports ports, Clock clock, Ids ids) {
        for (Template.Function f : template.functions()) {
            Settings settings = Settings.fromEnvironment(template.environment(f, refs));
            Wiring wiring = Wiring.of(ports.directory(), ports.store(), ports.mailer(), ports.publisher(), clock, ids,
                    settings).withWebhookSecrets(ports::webhookSecrets).withActivityTrail(ports::activityTrail);
            handlers.put(f.logicalId(), construct(f, wiring));
        }
    }

    private static RequestStreamHandler construct(Template.Function f, Wiring wiring) {
        try {
            Class<?> type = Class.forName(f.handlerClass());
            if (!RequestStreamHandler.class.isAssignableFrom(type)) {
                throw new IllegalStateException("function " + f.logicalId() + ": " + f.handlerClass()
                        + " is not a RequestStreamHandler");
            }
            return (RequestStreamHandler) type.getConstructor(Wiring.class).newInstance(wiring);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("function " + f.logicalId() + ": handler class " + f.handlerClass()
                    + " does not exist", e);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("function " + f.logicalId() + ": " + f.handlerClass()
                    + " has no constructor taking Wiring", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("function " + f.logicalId() + ": cannot create " + f.handlerClass()
                    + ": " + e.getCause(), e);
        }
    }

    /** Invokes a function with a JSON event, as Lambda would; returns what the function wrote. */
    public String invoke(String functionId, String eventJson) throws Exception {
        RequestStreamHandler handler = handlers.get(functionId);
        if (handler == null) throw new IllegalArgumentException("no function " + functionId + " in the template");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String outer = CURRENT.get();
        CURRENT.set(functionId);
        try {
            handler.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out,
                    new LocalContext(functionId));
        } finally {
            if (outer == null) CURRENT.remove(); else CURRENT.set(outer);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The function this thread is running, if any: how a test's wrapper of the ports or of the DynamoDB client
     * tells whose call it sees (the stack's own calls, outside any function, have none).
     */
    public static Optional<String> current() { return Optional.ofNullable(CURRENT.get()); }
}
