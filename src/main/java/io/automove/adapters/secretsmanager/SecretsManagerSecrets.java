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
 * that time without a deploy. If a refresh fails, the last value keeps serving for at most {@link #MAX_STALE}
 * after it was read (a Secrets Manager blip must not stop submissions), then the webhook fails closed: a secret
 * that may have been rotated away because it leaked must not be trusted for ever. A secret shorter than
 * {@link #MIN_LENGTH} characters is refused as a misconfiguration (a guessable HMAC key).
 */
public final class SecretsManagerSecrets implements SecretSource {
    public static final Duration TTL = Duration.ofMinutes(5);
    public static final Duration MAX_STALE = Duration.ofHours(1);
    public static final int MIN_LENGTH = 32;

    private final SecretsManagerClient client;
    private final String secretId;
    private final Clock clock;
    private volatile List<String> cached;
    private volatile Instant readAt = Instant.MIN;
    private volatile Instant lastGoodReadAt = Instant.MIN;

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
                if (secrets.stream().anyMatch(s -> s.length() < MIN_LENGTH)) {
                    throw new IllegalStateException("a webhook secret is shorter than " + MIN_LENGTH + " characters");
                }
                cached = secrets;
                readAt = now;
                lastGoodReadAt = now;
            } catch (RuntimeException e) {
                if (cached == null) throw e;
                if (!now.isBefore(lastGoodReadAt.plus(MAX_STALE))) {
                    Log.error("webhook secret refresh failed and the cached one is too old; refusing", e);
                    throw e;
                }
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
