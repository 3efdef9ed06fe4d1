package io.automove.it;

import io.automove.handlers.PortalSignature;
import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The portal webhook answers exactly as the contract says, and a refused call changes nothing. */
class WebhookContractTest {
    private final Stack stack = new Stack();
    private Firm firm;
    private String jobId;
    private String requestId;

    @BeforeEach
    void aSentRequest() {
        firm = new Firm(stack);
        jobId = firm.newJob("Job");
        firm.move(jobId, firm.missingInfo);
        stack.settle();
        requestId = firm.requestIds(jobId).get(0);
    }

    @AfterEach
    void close() { stack.close(); }

    private static long now() { return Instant.now().getEpochSecond(); }

    private void refused(String body, String signature, int status, String code) {
        List<String> before = stack.scan();
        var response = stack.webhook(body, signature);
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(text(response.json(), "error.code")).isEqualTo(code);
        stack.settle();
        assertThat(stack.scan()).isEqualTo(before);
    }

    @Test
    void aForgedOrMissingSignature_is401() {
        String body = Stack.submission("e1", firm.firmId, requestId, Instant.now());
        refused(body, null, 401, "MISSING_SIGNATURE");
        refused(body, PortalSignature.header("another-secret", now(), body), 401, "INVALID_SIGNATURE");
        refused(body, "t=" + now() + ",v1=" + "0".repeat(64), 401, "INVALID_SIGNATURE");
        refused(body, "v1=abc", 401, "INVALID_SIGNATURE");
        String other = Stack.submission("e1", firm.firmId, requestId, Instant.now().minusSeconds(5));
        refused(body, PortalSignature.header(Stack.SECRET, now(), other), 401, "INVALID_SIGNATURE");
    }

    @Test
    void aStaleOrFutureSignature_is401() {
        String body = Stack.submission("e1", firm.firmId, requestId, Instant.now());
        refused(body, PortalSignature.header(Stack.SECRET, now() - 301, body), 401, "STALE_SIGNATURE");
        refused(body, PortalSignature.header(Stack.SECRET, now() + 301, body), 401, "STALE_SIGNATURE");
    }

    @Test
    void aSignatureAmongSeveral_isAccepted() {
        String body = Stack.submission("e1", firm.firmId, requestId, Instant.now());
        long t = now();
        String header = "t=" + t + ",v1=" + PortalSignature.sign("old-secret", t, body) + ",v1="
                + PortalSignature.sign(Stack.SECRET, t, body);
        assertThat(stack.webhook(body, header).status()).isEqualTo(200);
    }

    private String signed(String body) { return PortalSignature.header(Stack.SECRET, now(), body); }

    @Test
    void aMalformedBody_is400() {
        for (String body : List.of("not json", "[]", "{}", "{\"eventId\":\"e\",\"type\":\"client_request.submitted\"}",
                Stack.submission("e1", firm.firmId, requestId, Instant.now()).replace("client_request.submitted", "x"),
                Stack.submission("e1", firm.firmId, requestId, Instant.now()).replaceFirst("\"submittedAt\":\"[^\"]+\"",
                        "\"submittedAt\":\"yesterday\""))) {
            List<String> before = stack.scan();
            var response = stack.webhook(body, signed(body));
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(stack.scan()).isEqualTo(before);
        }
    }

    @Test
    void anUnknownRequestOrAnotherFirm_is404() {
        String unknown = Stack.submission("e1", firm.firmId, "req_unknown", Instant.now());
        refused(unknown, signed(unknown), 404, "REQUEST_NOT_FOUND");
        Firm other = new Firm(stack);
        String mismatch = Stack.submission("e2", other.firmId, requestId, Instant.now());
        refused(mismatch, signed(mismatch), 404, "REQUEST_NOT_FOUND");
    }

    @Test
    void aCancelledRequest_is409() {
        firm.ok("POST", "/jobs/" + jobId + "/move", Map.of("toStageId", firm.review, "unfinishedRequests", "CANCEL"));
        stack.settle();
        String body = Stack.submission("e1", firm.firmId, requestId, Instant.now());
        refused(body, signed(body), 409, "REQUEST_CANCELLED");
    }

    @Test
    void anEventIdAlreadyRecordedForAnotherRequest_is409_andNothingIsRecorded_soThePortalKeepsTheAnswers() {
        // GIVEN a second request of the firm, and e1 recorded for the first
        String otherJob = firm.newJob("Other job");
        firm.move(otherJob, firm.missingInfo);
        stack.settle();
        String other = firm.requestIds(otherJob).get(0);
        String first = Stack.submission("e1", firm.firmId, requestId, Instant.now());
        assertThat(stack.webhook(first, signed(first)).status()).isEqualTo(200);
        stack.settle();
        List<String> before = stack.scan();

        // WHEN the portal sends the other request's submission under the same eventId
        String reused = Stack.submission("e1", firm.firmId, other, Instant.now());
        refused(reused, signed(reused), 409, "PORTAL_EVENT_ID_REUSED");
        stack.settle();

        // THEN nothing changed, and under a fresh eventId it is recorded
        assertThat(stack.scan()).isEqualTo(before);
        String fresh = Stack.submission("e2", firm.firmId, other, Instant.now());
        assertThat(text(stack.webhook(fresh, signed(fresh)).json(), "status")).isEqualTo("accepted");
    }

    @Test
    void theSameEventAgain_is200WithNoEffect_andAnotherEventForASubmittedRequestIs409() {
        String body = Stack.submission("e1", firm.firmId, requestId, Instant.now());
        assertThat(stack.webhook(body, signed(body)).status()).isEqualTo(200);
        stack.settle();
        List<String> before = stack.scan();
        var again = stack.webhook(body, signed(body));
        assertThat(again.status()).isEqualTo(200);
        assertThat(text(again.json(), "status")).isEqualTo("duplicate");
        // same eventId, different answers: still the first one that counts
        String changed = body.replace("statements-2025.pdf", "something-else.pdf");
        assertThat(text(stack.webhook(changed, signed(changed)).json(), "status")).isEqualTo("duplicate");
        String second = Stack.submission("e2", firm.firmId, requestId, Instant.now());
        assertThat(stack.webhook(second, signed(second)).status()).isEqualTo(409);
        stack.settle();
        assertThat(stack.scan()).isEqualTo(before);
    }
}
