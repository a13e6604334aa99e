package org.rapportcrm.platform.mail.internal;

import java.time.Duration;

/**
 * At most so many messages per second from this node: the sends beyond are told how long to wait, and their task is
 * run again then instead of holding a thread.
 */
final class SendRate {
    private final long intervalNanos;
    private long next;

    SendRate(int perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : 1_000_000_000L / perSecond;
        this.next = System.nanoTime();
    }

    /** Takes a slot now and returns zero, or returns how long to wait for a free one (and takes none). */
    synchronized Duration take() {
        if (intervalNanos == 0) {
            return Duration.ZERO;
        }
        long now = System.nanoTime();
        if (next - now > 0) {
            return Duration.ofNanos(next - now);
        }
        next = Math.max(next, now - intervalNanos) + intervalNanos;
        return Duration.ZERO;
    }
}
