package org.rapportcrm.platform.api.record;

/**
 * The platform had no capacity for the call in time: every database connection stayed in use for longer than the
 * configured wait. Nothing was done; the caller may try again after {@link #getRetryAfterSeconds()} (the REST API
 * answers 503 Service Unavailable with {@code Retry-After}). Background work should wait and try again rather than fail.
 */
public class BusyException extends RecordException {
    private static final long serialVersionUID = 1L;
    private final int retryAfterSeconds;

    public BusyException(String message, int retryAfterSeconds, Throwable cause) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
        initCause(cause);
    }

    public int getRetryAfterSeconds() {
        return retryAfterSeconds;
    }
}
