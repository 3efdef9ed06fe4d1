package io.automove.usecases;

import io.automove.model.Account;
import io.automove.model.AutomationType;
import io.automove.model.DomainException;
import io.automove.model.Stage;
import io.automove.usecases.ports.WorkflowStore;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The per-firm daily email cap of multi-firm mode: at most {@code perDay} emails a UTC day per firm (one per
 * recipient: each contact gets an email of their own), so that no firm can use the stack's shared sender to spam.
 * {@code perDay} 0: no cap (single-firm mode), and nothing is counted.
 *
 * <p>The send itself is where the cap holds: {@link DeliverClientRequest} counts an email's recipients in the
 * transaction that claims it, on condition that the day's count stays within the cap. This class is the check
 * before that, for the calls that would email: they refuse with 429 EMAIL_CAP_REACHED before writing anything,
 * and the sweep leaves a reminder due. It reads the day's count, which a send may pass meanwhile: then the send
 * holds its email ({@link io.automove.model.DeliveryState#HELD}).
 */
public final class EmailCap {
    public static final String REACHED = "EMAIL_CAP_REACHED";

    private final WorkflowStore store;
    private final Clock clock;
    private final int perDay;

    public EmailCap(WorkflowStore store, Clock clock, int perDay) {
        if (perDay < 0) throw new IllegalArgumentException("a cap of " + perDay + " emails a day");
        this.store = store;
        this.clock = clock;
        this.perDay = perDay;
    }

    public static EmailCap none(WorkflowStore store, Clock clock) { return new EmailCap(store, clock, 0); }

    public boolean on() { return perDay > 0; }

    public int perDay() { return perDay; }

    /** The UTC day an email counts on. */
    public static LocalDate dayOf(Instant at) { return at.atOffset(ZoneOffset.UTC).toLocalDate(); }

    public LocalDate today() { return dayOf(clock.instant()); }

    /** Whether {@code recipients} more emails today stay within the firm's cap; always true without a cap or emails. */
    public boolean allows(String firmId, int recipients) {
        return !on() || recipients <= 0 || store.emailsCounted(firmId, today()) + recipients <= perDay;
    }

    /**
     * The emails a job of {@code account} entering {@code stage} can make: one per contact for each of the stage's
     * SEND_CLIENT_REQUEST automations whose conditions the account meets (one whose request the job already has
     * would make none, so this may count more than goes out).
     */
    public static int ofStageEntry(Stage stage, Account account) {
        long sending = stage.automations().stream().filter(a -> a.type() == AutomationType.SEND_CLIENT_REQUEST)
                .filter(a -> a.conditions().none() || a.conditions().metBy(account)).count();
        return (int) sending * account.contacts().size();
    }

    /**
     * For a call that would email {@code recipients} contacts: refuses it (429 EMAIL_CAP_REACHED, with the cap) if
     * that would pass the firm's cap today. Call it before writing anything.
     */
    public void require(String firmId, int recipients) {
        require(firmId, () -> recipients);
    }

    /** The same, reading how many it would email ({@code recipients}) only when there is a cap. */
    public void require(String firmId, java.util.function.IntSupplier recipients) {
        if (!on() || allows(firmId, recipients.getAsInt())) return;
        throw new DomainException(DomainException.Reason.LIMITED, REACHED, "The firm's daily email cap ("
                + perDay + " emails a day) is reached; emails can be sent again tomorrow (UTC).", Map.of("cap", perDay));
    }
}
