package io.automove.adapters.secretsmanager;

import io.automove.adapters.AwsClients;
import io.automove.usecases.ports.SecretSource;
import io.automove.support.Log;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The portal webhook secret from Secrets Manager, cached per container. The value is one secret, or
 * "new,old" during a rotation; it is read again after {@link #TTL}, so a rotation reaches every container within
 * that time without a deploy. If a refresh fails, the last value keeps serving (and the failure is logged).
 */
public final class SecretsManagerSecrets implements SecretSource {
    public static final Duration TTL = Duration.ofMinutes(5);

    private final SecretsManagerClient client;
    private final String secretId;
    private final Clock clock;
    private volatile List<String> cached;
    private volatile Instant readAt = Instant.MIN;

    public SecretsManagerSecrets(SecretsManagerClient client, String secretId, Clock clock) {
        this.client = client;
        this.secretId = secretId;
        this.clock = clock;
    }

    public static SecretsManagerSecrets fromEnvironment(String secretId) {
        return new SecretsManagerSecrets(AwsClients.configure(SecretsManagerClient.builder())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(5))).build(), secretId, Clock.systemUTC());
    }

    @Override
    public List<String> current() {
        Instant now = clock.instant();
        List<String> value = cached;
        if (value != null && now.isBefore(readAt.plus(TTL))) return value;
        synchronized (this) {
            if (cached != null && now.isBefore(readAt.plus(TTL))) return cached;
            try {
                String raw = client.getSecretValue(b -> b.secretId(secretId)).secretString();
                List<String> secrets = parse(raw);
                if (secrets.isEmpty()) throw new IllegalStateException("the webhook secret is empty");
                cached = secrets;
                readAt = now;
            } catch (RuntimeException e) {
                if (cached == null) throw e;
                Log.error("webhook secret refresh failed; serving the cached one", e);
                readAt = now.minus(TTL).plus(Duration.ofSeconds(30)); // try again in half a minute
            }
            return cached;
        }
    }

    /** "new,old" or one secret; blanks dropped. */
    public static List<String> parse(String raw) {
        if (raw == null) return List.of();
        return Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
