package io.automove.testing;

import io.automove.localstack.Functions;
import io.automove.localstack.Functions.Ports;
import io.automove.localstack.LocalStack.Options;
import io.automove.usecases.ports.EventPublisher;
import io.automove.usecases.ports.Mailer;
import io.automove.usecases.ports.SecretSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Notes the IAM actions each function performs on the local stack, through its test hooks: every call of the
 * DynamoDB client the functions use (a transaction as the actions of its items), the mailer's ses:SendEmail, the
 * publisher's events:PutEvents and the webhook secret's secretsmanager:GetSecretValue (what the cloud's source
 * calls for it). Whose call it is comes from {@link Functions#current()}; calls outside any function (the stack's
 * own, a test's) are not noted.
 */
public final class IamRecorder {
    private final Map<String, Set<String>> actions = new ConcurrentHashMap<>();

    /** The options with this recorder on the functions' DynamoDB client and ports. */
    public Options attach(Options options) {
        return options.decorateDynamo(this::recording).decorate(this::recording);
    }

    /** The IAM actions each function performed so far. */
    public Map<String, Set<String>> actions() {
        Map<String, Set<String>> copy = new TreeMap<>();
        actions.forEach((f, a) -> copy.put(f, new TreeSet<>(a)));
        return copy;
    }

    private void record(String action) {
        Functions.current().ifPresent(function ->
                actions.computeIfAbsent(function, f -> ConcurrentHashMap.newKeySet()).add(action));
    }

    private Ports recording(Ports p) {
        Mailer mailer = mail -> {
            record("ses:SendEmail");
            return p.mailer().send(mail);
        };
        EventPublisher publisher = events -> {
            record("events:PutEvents");
            p.publisher().publish(events);
        };
        SecretSource secrets = () -> {
            record("secretsmanager:GetSecretValue");
            return p.webhookSecrets().current();
        };
        return new Ports(p.directory(), p.store(), mailer, publisher, secrets, p.activityTrail());
    }

    /** The DynamoDB client, noting each call as the IAM actions it is authorized by (one per item of a transaction). */
    private DynamoDbClient recording(DynamoDbClient client) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[]{DynamoDbClient.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("transactWriteItems") && args != null) {
                        @SuppressWarnings("unchecked")
                        TransactWriteItemsRequest t = args[0] instanceof TransactWriteItemsRequest r ? r
                                : TransactWriteItemsRequest.builder()
                                .applyMutation((Consumer<TransactWriteItemsRequest.Builder>) args[0]).build();
                        for (var item : t.transactItems()) {
                            if (item.put() != null) record("dynamodb:PutItem");
                            if (item.update() != null) record("dynamodb:UpdateItem");
                            if (item.delete() != null) record("dynamodb:DeleteItem");
                            if (item.conditionCheck() != null) record("dynamodb:ConditionCheckItem");
                        }
                    } else if (!name.equals("serviceName") && !name.equals("close") && !name.equals("toString")
                            && !name.equals("hashCode") && !name.equals("equals")) {
                        record("dynamodb:" + Character.toUpperCase(name.charAt(0)) + name.substring(1));
                    }
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
