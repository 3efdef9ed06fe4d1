package io.automove.handlers;

import io.automove.adapters.secretsmanager.SecretsManagerSecrets;
import io.automove.model.Answer;
import io.automove.model.DomainException;
import io.automove.usecases.SubmitClientRequest;
import io.automove.usecases.SubmitClientRequest.Outcome;
import io.automove.usecases.ports.SecretSource;
import io.automove.support.Log;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The client portal's webhook: a client submitted a request. No user auth; the body must carry a valid
 * HMAC signature. Unknown body fields are ignored so the portal can add some without breaking us.
 */
public final class PortalWebhookHandler extends ApiFunction {
    public static final String EVENT_TYPE = "client_request.submitted";

    private final SubmitClientRequest submit;
    private final SecretSource secrets;
    private final Clock clock;
    private final Priming priming;

    public PortalWebhookHandler() {
        this(withSecretsManager(Wiring.fromEnvironment()));
    }

    /** The secret lives in Secrets Manager when the template names it; a plain environment value otherwise. */
    private static Wiring withSecretsManager(Wiring wiring) {
        String arn = wiring.settings().webhookSecretArn();
        return arn == null || arn.isBlank() ? wiring
                : wiring.withWebhookSecrets(() -> SecretsManagerSecrets.fromEnvironment(arn));
    }

    public PortalWebhookHandler(Wiring wiring) {
        this.submit = new SubmitClientRequest(wiring.store(), wiring.clock());
        this.secrets = wiring.webhookSecrets();
        this.clock = wiring.clock();
        this.priming = Priming.register("PortalWebhookFunction", this::prime);
    }

    @Override
    protected Map<String, Route> routes() {
        return Map.of("POST /webhooks/client-portal", this::submit);
    }

    private HttpResponse submit(HttpRequest r) {
        Body.requireUtf8(r);
        String raw = r.body() == null ? "" : r.body();
        if (raw.length() > Body.MAX_BYTES) throw new ApiException(413, "BODY_TOO_LARGE", "The body is too large.");
        PortalSignature.verify(r.header("x-portal-signature"), raw, secrets::current, clock.instant());
        Body body = Body.of(r);
        String eventId = body.str("eventId");
        if (eventId.length() > 200) throw DomainException.invalid("INVALID_FIELD", "eventId is longer than 200 characters.");
        String type = body.str("type");
        if (!EVENT_TYPE.equals(type)) {
            throw DomainException.invalid("UNSUPPORTED_EVENT_TYPE", "type must be " + EVENT_TYPE + ".");
        }
        String firmId = body.str("firmId");
        String requestId = body.str("requestId");
        Instant submittedAt = instant(body.str("submittedAt"));
        List<Answer> answers = new ArrayList<>();
        for (Body a : body.objects("answers")) answers.add(new Answer(a.str("label"), a.optText("value")));

        Outcome outcome = submit.submit(firmId, requestId, eventId, submittedAt, answers);
        Log.info("portal submission", "firmId", firmId, "requestId", requestId, "portalEventId", eventId,
                "outcome", outcome.getClass().getSimpleName());
        if (outcome instanceof Outcome.Recorded) return HttpResponse.json(200, Map.of("status", "accepted"));
        if (outcome instanceof Outcome.Duplicate) return HttpResponse.json(200, Map.of("status", "duplicate"));
        if (outcome instanceof Outcome.PortalEventIdReused) {
            // a 200 would make the portal stop retrying and the client's answers would be lost: refuse, loudly
            Log.warn("portal event id reused for another request; refused", "firmId", firmId, "requestId", requestId,
                    "portalEventId", eventId);
            return HttpResponse.error(409, "PORTAL_EVENT_ID_REUSED", "This eventId was already used for another client "
                    + "request of the firm; nothing was recorded. Send the submission again under a new eventId.", Map.of());
        }
        if (outcome instanceof Outcome.Cancelled) {
            return HttpResponse.error(409, "REQUEST_CANCELLED", "This client request was cancelled by the firm.", Map.of());
        }
        if (outcome instanceof Outcome.AlreadySubmitted) {
            return HttpResponse.error(409, "REQUEST_ALREADY_SUBMITTED", "This client request was already submitted.", Map.of());
        }
        return HttpResponse.error(404, "REQUEST_NOT_FOUND", "No such client request for this firm.", Map.of());
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw DomainException.invalid("INVALID_FIELD", "submittedAt must be an ISO-8601 date-time with offset.");
        }
    }

    /** Read-only paths of a real invocation, for the snapshot (see {@link Priming}). */
    void prime() {
        // unsigned: refused before the secret is read, so no secret ends up in the snapshot
        primeWith(Priming.httpEvent("POST /webhooks/client-portal", "/webhooks/client-portal", "{}"));
        submit.submit("firm_priming", "req_priming", "priming", java.time.Instant.EPOCH, java.util.List.of());
    }

    Priming priming() { return priming; }
}
