package org.rapportcrm.social.api;

import java.io.IOException;
import java.time.Instant;

/** The network refused a request for now (HTTP 429); it may be sent again at {@link #retryAt()}. */
public class RateLimitedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Instant retryAt;

    public RateLimitedException(Instant retryAt) {
        super("Rate limited until " + retryAt);
        this.retryAt = retryAt;
    }

    public Instant retryAt() {
        return retryAt;
    }
}
