package io.automove.adapters.ses;

import io.automove.model.Email;
import io.automove.adapters.AwsClients;
import io.automove.usecases.ports.Mailer;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.StandardRetryStrategy;

import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.SendEmailRequest;
import software.amazon.awssdk.services.ses.model.SesException;

/**
 * Mail through SES SendEmail. SES answering with an error means nothing was sent; no answer at all means we
 * cannot know, and the caller must not blindly send again. The client given here should retry throttling
 * only (see {@link #retryOnlyThrottling}): an SDK retry after a timeout could mail the client twice.
 */
public final class SesMailer implements Mailer {
    private final SesClient ses;
    private final String sender;

    public SesMailer(SesClient ses, String sender) {
        this.ses = ses;
        this.sender = sender;
    }

    SendEmailRequest request(Email email) {
        return SendEmailRequest.builder()
                .source(sender)
                .destination(d -> d.toAddresses(email.to()))
                .message(m -> m.subject(c -> c.charset("UTF-8").data(email.subject()))
                        .body(b -> b.text(c -> c.charset("UTF-8").data(email.text()))))
                .tags(t -> t.name("requestId").value(email.requestId()))
                .build();
    }

    @Override
    public String send(Email email) {
        try {
            return ses.sendEmail(request(email)).messageId();
        } catch (SesException e) {
            String code = e.awsErrorDetails() == null ? String.valueOf(e.statusCode()) : e.awsErrorDetails().errorCode();
            if (e.statusCode() >= 500) {
                // SES failed on its side, maybe after accepting the message: we cannot know it was not sent
                throw new MailOutcomeUnknownException("SES failed with " + e.statusCode() + " " + code, null);
            }
            // a 4xx: SES answered no (rejected, throttled, sandbox, paused), so nothing was sent
            throw new MailRejectedException("SES refused the email: " + e.statusCode() + " " + code, null);
        } catch (SdkClientException e) {
            throw new MailOutcomeUnknownException("no answer from SES: " + e.getClass().getSimpleName(), null);
        }
    }

    /** SES from the environment; retries throttling only: a retry after a lost answer could mail a client twice. */
    public static SesMailer fromEnvironment(String sender) {
        SesClient client = AwsClients.configure(SesClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(StandardRetryStrategy.builder().maxAttempts(3)
                                .retryOnException(SesMailer::retryOnlyThrottling).build())
                        .apiCallTimeout(Duration.ofSeconds(10))
                        .build())
                .build();
        return new SesMailer(client, sender);
    }

    /** SES throttling is a clear "not sent": worth retrying inside the call. Anything else is not. */
    public static boolean retryOnlyThrottling(Throwable t) {
        return t instanceof SesException e && e.isThrottlingException();
    }
}
