package org.rapportcrm.platform.core.internal.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed sign-ins counted per key (a user name, a client address), with exponential back-off: after
 * {@code freeAttempts} failures each further one makes the key wait {@code firstDelay}, doubling up to
 * {@code maxDelay}. An attempt made while waiting is refused unchecked and not counted, so waiting out the delay is
 * the only way on. A key is forgotten {@code forgetAfter} after its last failure; success forgets it at once.
 *
 * <p>Memory stays bounded: past {@code maxKeys} keys, those forgotten by time go, then those not waiting.
 */
final class FailedSignIns {
    record Policy(int freeAttempts, Duration firstDelay, Duration maxDelay, Duration forgetAfter, int maxKeys) {
    }

    private static final class Failures {
        int count;
        Instant last;
        Instant waitUntil;

        Failures(Instant now) {
            this.last = now;
            this.waitUntil = now;
        }
    }

    private final Policy policy;
    private final Map<String, Failures> byKey = new ConcurrentHashMap<>();

    FailedSignIns(Policy policy) {
        this.policy = policy;
    }

    /** How long {@code key} must still wait before its next attempt is checked; zero when it may try now. */
    Duration waitFor(String key, Instant now) {
        Failures f = key == null ? null : byKey.get(key);
        if (f == null) {
            return Duration.ZERO;
        }
        synchronized (f) {
            return f.waitUntil.isAfter(now) ? Duration.between(now, f.waitUntil) : Duration.ZERO;
        }
    }

    void failed(String key, Instant now) {
        if (key == null) {
            return;
        }
        if (byKey.size() >= policy.maxKeys()) {
            prune(now);
        }
        Failures f = byKey.computeIfAbsent(key, k -> new Failures(now));
        synchronized (f) {
            if (Duration.between(f.last, now).compareTo(policy.forgetAfter()) > 0) {
                f.count = 0;
            }
            f.count++;
            f.last = now;
            int beyond = f.count - policy.freeAttempts();
            if (beyond > 0) {
                f.waitUntil = now.plus(delay(beyond));
            }
        }
    }

    void succeeded(String key) {
        if (key != null) {
            byKey.remove(key);
        }
    }

    int size() {
        return byKey.size();
    }

    private Duration delay(int beyondFree) {
        // firstDelay * 2^(beyond-1), without overflowing: past 30 doublings the cap has long been reached.
        Duration d = policy.firstDelay().multipliedBy(1L << Math.min(30, beyondFree - 1));
        return d.compareTo(policy.maxDelay()) > 0 ? policy.maxDelay() : d;
    }

    private void prune(Instant now) {
        byKey.entrySet().removeIf(e -> Duration.between(e.getValue().last, now).compareTo(policy.forgetAfter()) > 0);
        if (byKey.size() >= policy.maxKeys()) {
            // Still full (a spray of names): keep only the keys that must wait, which are what the limit is for.
            byKey.entrySet().removeIf(e -> !e.getValue().waitUntil.isAfter(now));
        }
    }
}
