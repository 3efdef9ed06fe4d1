package io.automove.adapters.ses;

import io.automove.model.Email;
import io.automove.model.Email;
import io.automove.usecases.ports.Mailer.MailOutcomeUnknownException;
import io.automove.usecases.ports.Mailer.MailRejectedException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.MessageRejectedException;
import software.amazon.awssdk.services.ses.model.MessageTag;
import software.amazon.awssdk.services.ses.model.SendEmailRequest;
import software.amazon.awssdk.services.ses.model.SendEmailResponse;
import software.amazon.awssdk.services.ses.model.SesException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SesMailerTest {
    private static final String SENDER = "Bianchi Tax <requests@bianchi.example>";

    /** SesClient's methods default to throwing; this one answers sendEmail only. */
    static final class FakeSes implements SesClient {
        final List<SendEmailRequest> requests = new ArrayList<>();
        Supplier<SendEmailResponse> answer = () -> SendEmailResponse.builder().messageId("msg-1").build();

        @Override public SendEmailResponse sendEmail(SendEmailRequest request) {
            requests.add(request);
            return answer.get();
        }
        @Override public String serviceName() { return SERVICE_NAME; }
        @Override public void close() {}
    }

    private final FakeSes ses = new FakeSes();
    private final Email email = new Email("maria@rossi.example",
            "Documenti per la dichiarazione – è urgente", "Hello Rossi & Co,\n\nPlease…\nAnswer here: https://p/r/f/r\n",
            "req_abc", "https://p/r/f/r");

    private static SesException sesError(String code, int status) {
        return (SesException) SesException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).serviceName("SES").build())
                .message(code).build();
    }

    @Test
    void send_buildsTheExactSendEmailRequest_andReturnsTheMessageId() {
        String messageId = new SesMailer(ses, SENDER).send(email);

        assertThat(messageId).isEqualTo("msg-1");
        assertThat(ses.requests).singleElement().satisfies(r -> {
            assertThat(r.source()).isEqualTo(SENDER);
            assertThat(r.destination().toAddresses()).containsExactly("maria@rossi.example");
            assertThat(r.destination().hasCcAddresses()).isFalse();
            assertThat(r.destination().hasBccAddresses()).isFalse();
            assertThat(r.message().subject().data()).isEqualTo(email.subject());
            assertThat(r.message().subject().charset()).isEqualTo("UTF-8");
            assertThat(r.message().body().text().data()).isEqualTo(email.text());
            assertThat(r.message().body().text().charset()).isEqualTo("UTF-8");
            assertThat(r.message().body().html()).isNull();
            assertThat(r.configurationSetName()).isNull();
            assertThat(r.tags()).containsExactly(MessageTag.builder().name("requestId").value("req_abc").build());
            assertThat(r.replyToAddresses()).isEmpty();
        });
    }

    @Test
    void sesAnsweringWithAnError_isRejected_soARetryIsSafe() {
        MessageRejectedException rejected = (MessageRejectedException) MessageRejectedException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("MessageRejected").build()).message("no").build();
        ses.answer = () -> { throw rejected; };

        assertThatThrownBy(() -> new SesMailer(ses, SENDER).send(email))
                .isInstanceOf(MailRejectedException.class)
                .hasMessageContaining("MessageRejected")
                .as("SES's own message can list recipient addresses: it is not carried on").hasNoCause();
    }

    @Test
    void throttling_isRejected_too() {
        SesException throttled = sesError("Throttling", 400);
        ses.answer = () -> { throw throttled; };

        assertThatThrownBy(() -> new SesMailer(ses, SENDER).send(email))
                .isInstanceOf(MailRejectedException.class).hasNoCause();
    }

    @Test
    void noAnswerFromSes_isOutcomeUnknown_notRejected() {
        SdkClientException lost = SdkClientException.create("Unable to execute HTTP request: Read timed out");
        ses.answer = () -> { throw lost; };

        assertThatThrownBy(() -> new SesMailer(ses, SENDER).send(email))
                .isInstanceOf(MailOutcomeUnknownException.class)
                .isNotInstanceOf(MailRejectedException.class)
                .hasNoCause();
    }

    @Test
    void sesFailingOnItsSide_5xx_isOutcomeUnknown_becauseItMayHaveSentBeforeFailing() {
        ses.answer = () -> { throw sesError("InternalFailure", 500); };
        assertThatThrownBy(() -> new SesMailer(ses, SENDER).send(email)).isInstanceOf(MailOutcomeUnknownException.class)
                .hasMessageContaining("500");

        ses.answer = () -> { throw sesError("ServiceUnavailable", 503); };
        assertThatThrownBy(() -> new SesMailer(ses, SENDER).send(email)).isInstanceOf(MailOutcomeUnknownException.class);
    }

    @Test
    void sandboxRefusal_listingTheRecipient_leavesNoAddressInTheException() {
        SesException sandbox = (SesException) SesException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("MessageRejected")
                        .errorMessage("Email address is not verified. The following identities failed the check in region "
                                + "US-EAST-1: maria@rossi.example").serviceName("SES").build())
                .message("Email address is not verified: maria@rossi.example").build();
        ses.answer = () -> { throw sandbox; };

        assertThatThrownBy(() -> new SesMailer(ses, SENDER).send(email)).isInstanceOf(MailRejectedException.class)
                .hasNoCause().satisfies(e -> assertThat(e.toString()).doesNotContain("@").doesNotContain("maria"));
    }

    @Test
    void apiCallTimeout_isOutcomeUnknown() {
        ApiCallTimeoutException timeout = ApiCallTimeoutException.create(10_000);
        ses.answer = () -> { throw timeout; };

        assertThatThrownBy(() -> new SesMailer(ses, SENDER).send(email)).isInstanceOf(MailOutcomeUnknownException.class);
    }

    @Test
    void retryOnlyThrottling_isTrueOnlyForSesThrottling() {
        assertThat(SesMailer.retryOnlyThrottling(sesError("Throttling", 400))).isTrue();
        assertThat(SesMailer.retryOnlyThrottling(sesError("TooManyRequests", 429))).isTrue();

        assertThat(SesMailer.retryOnlyThrottling(sesError("MessageRejected", 400))).isFalse();
        assertThat(SesMailer.retryOnlyThrottling(sesError("InternalFailure", 500))).isFalse();
        assertThat(SesMailer.retryOnlyThrottling(SdkClientException.create("Read timed out"))).isFalse();
        assertThat(SesMailer.retryOnlyThrottling(ApiCallTimeoutException.create(10_000))).isFalse();
        assertThat(SesMailer.retryOnlyThrottling(new RuntimeException("Throttling"))).isFalse();
        assertThat(SesMailer.retryOnlyThrottling(null)).isFalse();
    }
}
