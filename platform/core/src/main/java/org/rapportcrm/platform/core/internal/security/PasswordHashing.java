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
        return run(hashing, maxWaitNanos);
    }

    /**
     * Hashes for an administrator's or a signed-in user's change (a new user, a new password): rare and not open to
     * anonymous callers, so it may wait longer for a permit than a sign-in does.
     */
    <T> T runForChange(Supplier<T> hashing) {
        return run(hashing, Math.max(maxWaitNanos, TimeUnit.SECONDS.toNanos(10)));
    }

    private <T> T run(Supplier<T> hashing, long waitNanos) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
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
