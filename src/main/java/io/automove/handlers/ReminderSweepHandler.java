package io.automove.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.automove.support.Log;
import io.automove.usecases.SweepDueRequests;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * On its schedule (template.yaml): the reminder sweep. Whatever the scheduler sends is only a tick: the work due is
 * read from the table, so a tick delivered twice or late does each reminder once, and still does it.
 */
public final class ReminderSweepHandler implements RequestStreamHandler {
    private final SweepDueRequests sweep;
    private final Priming priming;

    public ReminderSweepHandler() {
        this(Wiring.fromEnvironment());
    }

    public ReminderSweepHandler(Wiring wiring) {
        this.sweep = new SweepDueRequests(wiring.store(), wiring.clock(), wiring.emailCap());
        this.priming = Priming.register("ReminderSweepFunction", this::prime);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
        Log.requestId(context == null ? null : context.getAwsRequestId());
        try {
            input.transferTo(OutputStream.nullOutputStream());
            SweepDueRequests.Result r = sweep.run();
            Log.info("reminder sweep", "count", r.looked(), "published", r.reminded() + r.overdue(),
                    "outcome", "reminded=" + r.reminded() + " overdue=" + r.overdue() + " stopped=" + r.stopped()
                            + " putOff=" + r.putOff());
            // one line per firm whose reminders wait for tomorrow: the firm's daily email cap is reached
            for (String firmId : r.cappedFirms()) {
                Log.warn("reminders put off: the firm's daily email cap is reached", "firmId", firmId,
                        "cap", sweep.cap().perDay());
            }
        } catch (RuntimeException e) {
            Log.error("reminder sweep failed", e);
            throw new HandlingFailedException(e);
        } finally {
            Log.requestId(null);
        }
    }

    /** The sweep's query at a time nothing can be due (the epoch): read-only, and its code is in the snapshot. */
    void prime() {
        sweep.run(java.time.Instant.EPOCH);
    }

    Priming priming() { return priming; }
}
