package org.rapportcrm.platform.core.internal.security;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.rapportcrm.platform.api.security.SignInThrottledException;

/**
 * Bounds how many password hashes run at once. A hash is deliberately slow (tens of milliseconds of CPU), so wrong
 * passwords sent in a flood would otherwise take every core; beyond the bound a caller waits at most {@code maxWait}
 * for a permit and is then told the server is busy, instead of queueing more CPU work.
 */
final class PasswordHashing {
    private final Semaphore permits;
    private final long maxWaitNanos;
    private final AtomicLong hashed = new AtomicLong();

    PasswordHashing(int concurrent, Duration maxWait) {
        this.permits = new Semaphore(Math.max(1, concurrent), true);
        this.maxWaitNanos = maxWait.toNanos();
    }

    <T> T run(Supplier<T> hashing) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new SignInThrottledException(SignInThrottledException.Reason.BUSY, 1,
                    "The server is checking too many passwords at once; try again in a moment");
        }
        try {
            return hashing.get();
        } finally {
            hashed.incrementAndGet();
            permits.release();
        }
    }

    /** Passwords hashed since start. */
    long hashed() {
        return hashed.get();
    }
}
