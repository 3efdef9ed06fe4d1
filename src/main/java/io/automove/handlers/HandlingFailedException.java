package io.automove.handlers;

import io.automove.support.Log;

/**
 * What a function throws to the Lambda runtime when handling failed and the platform should retry. The runtime
 * prints what it is thrown, message and causes included, so this carries only {@link Log#describe} of the
 * failure and no cause: nothing personal can reach the logs that way.
 */
public final class HandlingFailedException extends RuntimeException {
    public HandlingFailedException(Throwable failure) {
        super(Log.describe(failure), null, false, true);
    }
}
