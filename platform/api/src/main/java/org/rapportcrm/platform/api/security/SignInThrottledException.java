package org.rapportcrm.platform.api.security;

/**
 * A sign-in was not checked: the user name or the client address failed too often lately (answer 429), or the server
 * is checking as many passwords as it may at once (answer 503). Either way the caller may try again after
 * {@link #getRetryAfterSeconds()}.
 */
public class SignInThrottledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the sign-in was not checked. */
    public enum Reason {
        /** Too many failed sign-ins for this user name or from this client address: back off. */
        TOO_MANY_FAILURES,
        /** Every permit to hash a password is taken: the server is busy, not the caller at fault. */
        BUSY
    }

    private final Reason reason;
    private final long retryAfterSeconds;

    public SignInThrottledException(Reason reason, long retryAfterSeconds, String message) {
        super(message);
        this.reason = reason;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public Reason getReason() {
        return reason;
    }

    /** Whole seconds to wait before the next attempt, at least 1. */
    public long getRetryAfterSeconds() {
        return retryAfterSeconds;
    }
}
