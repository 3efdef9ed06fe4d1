package io.automove.handlers;

import io.automove.adapters.dynamodb.DynamoActivityTrail;
import io.automove.adapters.dynamodb.DynamoDirectory;
import io.automove.adapters.dynamodb.DynamoStores;
import io.automove.adapters.dynamodb.DynamoWorkflowStore;
import io.automove.model.DerivedIds;
import io.automove.usecases.ports.ActivityTrail;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.EventPublisher;
import io.automove.usecases.ports.Ids;
import io.automove.usecases.ports.Mailer;
import io.automove.usecases.ports.SecretSource;
import io.automove.usecases.ports.WorkflowStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The ports a handler runs on. {@link #fromEnvironment()} builds the real ones once per container, each only
 * when a handler first asks for it, so a function never pays for a client it does not use. Tests and the
 * local stack pass their own.
 */
public final class Wiring {
    private static volatile Wiring environment;

    private final Supplier<Directory> directory;
    private final Supplier<WorkflowStore> store;
    private final Supplier<Mailer> mailer;
    private final Supplier<EventPublisher> publisher;
    private final Supplier<SecretSource> secrets;
    private final Supplier<ActivityTrail> activityTrail;
    private final Clock clock;
    private final Ids ids;
    private final Settings settings;

    private Wiring(Supplier<Directory> directory, Supplier<WorkflowStore> store, Supplier<Mailer> mailer,
                   Supplier<EventPublisher> publisher, Supplier<SecretSource> secrets,
                   Supplier<ActivityTrail> activityTrail, Clock clock, Ids ids, Settings settings) {
        this.directory = memo(directory);
        this.store = memo(store);
        this.mailer = memo(mailer);
        this.publisher = memo(publisher);
        this.secrets = memo(secrets);
        this.activityTrail = memo(activityTrail);
        this.clock = clock;
        this.ids = ids;
        this.settings = settings;
    }

    public static Wiring of(Directory directory, WorkflowStore store, Mailer mailer, EventPublisher publisher,
                            Clock clock, Ids ids, Settings settings) {
        return new Wiring(() -> directory, () -> store, () -> mailer, () -> publisher, () -> settings::webhookSecrets,
                missing("an activity trail"), clock, ids, settings);
    }

    /** DynamoDB-backed stores on {@code client}, with the given mailer and publisher. */
    public static Wiring onDynamo(DynamoDbClient client, Mailer mailer, EventPublisher publisher, Clock clock, Ids ids,
                                  Settings settings) {
        String table = settings.require("TABLE_NAME", settings.tableName());
        return new Wiring(() -> new DynamoDirectory(client, table, clock), () -> new DynamoWorkflowStore(client, table, clock),
                () -> mailer, () -> publisher, () -> settings::webhookSecrets, () -> new DynamoActivityTrail(client, table),
                clock, ids, settings);
    }

    public static Wiring fromEnvironment() {
        Wiring w = environment;
        if (w == null) {
            synchronized (Wiring.class) {
                w = environment;
                if (w == null) environment = w = buildFromEnvironment();
            }
        }
        return w;
    }

    /**
     * The cloud: stores on DynamoDB, configured from the environment. A function that mails or publishes adds
     * its mailer or publisher with {@link #withMailer} / {@link #withPublisher}; the others never load SES or
     * EventBridge classes, which are not even in their deployment packages.
     */
    private static Wiring buildFromEnvironment() {
        Settings settings = Settings.fromEnvironment(System.getenv());
        return new Wiring(
                () -> new DynamoDirectory(DynamoStores.client(), settings.require("TABLE_NAME", settings.tableName())),
                () -> new DynamoWorkflowStore(DynamoStores.client(), settings.require("TABLE_NAME", settings.tableName())),
                missing("a mailer"), missing("an event publisher"), () -> settings::webhookSecrets,
                () -> new DynamoActivityTrail(DynamoStores.client(), settings.require("TABLE_NAME", settings.tableName())),
                Clock.systemUTC(), randomIds(), settings);
    }

    /** For functions that touch no table: settings, clock and ids only. */
    public static Wiring withoutStores() {
        Settings settings = Settings.fromEnvironment(System.getenv());
        return new Wiring(missing("a directory"), missing("a workflow store"), missing("a mailer"),
                missing("an event publisher"), () -> settings::webhookSecrets, missing("an activity trail"),
                Clock.systemUTC(), randomIds(), settings);
    }

    public Wiring withMailer(Supplier<Mailer> mailer) {
        return new Wiring(directory, store, mailer, publisher, secrets, activityTrail, clock, ids, settings);
    }

    public Wiring withPublisher(Supplier<EventPublisher> publisher) {
        return new Wiring(directory, store, mailer, publisher, secrets, activityTrail, clock, ids, settings);
    }

    public Wiring withActivityTrail(Supplier<ActivityTrail> activityTrail) {
        return new Wiring(directory, store, mailer, publisher, secrets, activityTrail, clock, ids, settings);
    }

    public Wiring withWebhookSecrets(Supplier<SecretSource> secrets) {
        return new Wiring(directory, store, mailer, publisher, secrets, activityTrail, clock, ids, settings);
    }

    private static <T> Supplier<T> missing(String what) {
        return () -> {
            throw new IllegalStateException("this function was not wired with " + what);
        };
    }

    public Directory directory() { return directory.get(); }
    public WorkflowStore store() { return store.get(); }
    public Mailer mailer() { return mailer.get(); }
    public EventPublisher publisher() { return publisher.get(); }
    public SecretSource webhookSecrets() { return secrets.get(); }
    public ActivityTrail activityTrail() { return activityTrail.get(); }
    public Clock clock() { return clock; }
    public Ids ids() { return ids; }
    public Settings settings() { return settings; }

    /** The firm's daily email cap the template gives this function (0 in single-firm mode: none). */
    public io.automove.usecases.EmailCap emailCap() {
        return new io.automove.usecases.EmailCap(store(), clock, settings == null ? 0 : settings.emailCapPerFirmPerDay());
    }

    /** Time-ordered random ids: 48 bits of milliseconds then 80 random bits, Crockford base32. */
    public static Ids randomIds() {
        SecureRandom random = new SecureRandom();
        return prefix -> {
            long time = System.currentTimeMillis();
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            for (int i = 0; i < 6; i++) bytes[i] = (byte) (time >>> (40 - 8 * i));
            return prefix + "_" + DerivedIds.base32(bytes, 26);
        };
    }

    private static <T> Supplier<T> memo(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        v = value;
                        if (v == null) value = v = supplier.get();
                    }
                }
                return v;
            }
        };
    }
}
