package io.automove.adapters.secretsmanager;

import io.automove.testing.MutableClock;
import io.automove.handlers.ApiException;
import io.automove.handlers.PortalSignature;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The webhook secret: read once per TTL, rotated without a deploy, and never lost to a failed refresh. */
class SecretsManagerSecretsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final AtomicInteger reads = new AtomicInteger();
    private volatile String stored = "secret-one-0123456789abcdef0123456789";
    private volatile boolean failing;

    private final SecretsManagerClient client = new SecretsManagerClient() {
        @Override
        public GetSecretValueResponse getSecretValue(Consumer<GetSecretValueRequest.Builder> request) {
            GetSecretValueRequest r = GetSecretValueRequest.builder().applyMutation(request).build();
            assertThat(r.secretId()).isEqualTo("arn:secret");
            reads.incrementAndGet();
            if (failing) throw SecretsManagerException.builder().message("throttled").statusCode(400).build();
            return GetSecretValueResponse.builder().secretString(stored).build();
        }

        @Override public String serviceName() { return "secretsmanager"; }

        @Override public void close() {}
    };

    private final SecretsManagerSecrets secrets = new SecretsManagerSecrets(client, "arn:secret", clock);

    @Test
    void theSecretIsReadOnce_andServedFromTheCacheUntilTheTtl() {
        assertThat(secrets.current()).containsExactly(stored);
        clock.advance(SecretsManagerSecrets.TTL.minusSeconds(1));
        assertThat(secrets.current()).containsExactly(stored);
        assertThat(reads.get()).isEqualTo(1);
    }

    @Test
    void aRotationWithTwoActiveSecrets_reachesTheContainerAfterTheTtl_andBothSignaturesVerify() {
        String old = stored;
        secrets.current();
        // GIVEN the operator puts "new,old" in Secrets Manager
        String fresh = "secret-two-abcdef0123456789abcdef012345";
        stored = fresh + "," + old;
        clock.advance(SecretsManagerSecrets.TTL);

        // THEN both are accepted: the portal can switch whenever it likes
        assertThat(secrets.current()).containsExactly(fresh, old);
        long t = clock.instant().getEpochSecond();
        PortalSignature.verify(PortalSignature.header(old, t, "{}"), "{}", secrets.current(), clock.instant());
        PortalSignature.verify(PortalSignature.header(fresh, t, "{}"), "{}", secrets.current(), clock.instant());

        // AND once the operator removes the old one, its signatures are refused
        stored = fresh;
        clock.advance(SecretsManagerSecrets.TTL);
        assertThatThrownBy(() -> PortalSignature.verify(PortalSignature.header(old, t, "{}"), "{}", secrets.current(),
                clock.instant())).isInstanceOf(ApiException.class);
    }

    @Test
    void aFailedRefresh_keepsServingTheLastSecret_andRetriesSoon() {
        secrets.current();
        failing = true;
        clock.advance(SecretsManagerSecrets.TTL);
        assertThat(secrets.current()).containsExactly(stored);
        clock.advance(Duration.ofSeconds(10));
        secrets.current();
        assertThat(reads.get()).as("no retry storm within half a minute").isEqualTo(2);
        clock.advance(Duration.ofSeconds(31));
        failing = false;
        secrets.current();
        assertThat(reads.get()).isEqualTo(3);
    }

    @Test
    void refreshesFailingForMoreThanTheStaleLimit_failClosed_andTheNextGoodReadServesAgain() {
        secrets.current();
        failing = true;
        clock.advance(SecretsManagerSecrets.MAX_STALE.minusSeconds(1));
        assertThat(secrets.current()).as("still within the limit").containsExactly(stored);

        clock.advance(Duration.ofSeconds(31));
        assertThatThrownBy(secrets::current).isInstanceOf(SecretsManagerException.class);
        assertThatThrownBy(secrets::current).as("and stays closed").isInstanceOf(SecretsManagerException.class);

        failing = false;
        assertThat(secrets.current()).containsExactly(stored);
    }

    @Test
    void aSecretShorterThan32Characters_isRefused_evenOneOfTwoDuringARotation() {
        stored = "short-secret";
        assertThatThrownBy(secrets::current).isInstanceOf(IllegalStateException.class).hasMessageContaining("32");

        stored = "secret-two-abcdef0123456789abcdef012345,short";
        assertThatThrownBy(secrets::current).isInstanceOf(IllegalStateException.class);

        stored = "x".repeat(32);
        assertThat(secrets.current()).containsExactly("x".repeat(32));
    }

    @Test
    void withoutAnyValueYet_aFailedReadFails() {
        failing = true;
        assertThatThrownBy(secrets::current).isInstanceOf(SecretsManagerException.class);
    }

    @Test
    void parse_dropsBlanks_andKeepsTheOrder() {
        assertThat(SecretsManagerSecrets.parse(" a , ,b ")).containsExactly("a", "b");
        assertThat(SecretsManagerSecrets.parse(null)).isEmpty();
    }
}
