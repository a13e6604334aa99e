package org.rapportcrm.sales.internal.lead;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket per client key: a key may post {@code perMinute} times in a burst and earns one post back every
 * {@code 60 / perMinute} seconds. Kept as the time at which the key's bucket is full again (the "generic cell rate"
 * form of a token bucket), in whole nanoseconds, so waits come out exact. Buckets that are full again are forgotten
 * once many keys are tracked, so a flood of addresses costs bounded memory. State is per instance: behind several
 * nodes the limit applies per node.
 */
final class RateLimiter {
    private static final int MAX_TRACKED = 10_000;

    private final long interval;
    private final long burst;
    private final Clock clock;
    /** Per key: when its bucket will be full again (nanoseconds of the clock). */
    private final ConcurrentHashMap<String, Long> fullAt = new ConcurrentHashMap<>();

    /** @param perMinute posts per minute per key; 0 or less turns the limit off */
    RateLimiter(int perMinute, Clock clock) {
        this.interval = perMinute <= 0 ? 0 : TimeUnit.MINUTES.toNanos(1) / perMinute;
        this.burst = Math.max(0, perMinute - 1) * interval;
        this.clock = clock;
    }

    /** Takes one post for {@code key}: 0 if allowed, otherwise the whole seconds until the next one will be. */
    long acquire(String key) {
        if (interval == 0) {
            return 0;
        }
        long now = TimeUnit.MILLISECONDS.toNanos(clock.millis());
        if (fullAt.size() > MAX_TRACKED) {
            fullAt.values().removeIf(t -> t <= now);
        }
        long[] wait = new long[1];
        fullAt.compute(key, (k, old) -> {
            long full = old == null ? now : Math.max(old, now);
            if (full - now > burst) {
                wait[0] = full - now - burst;
                return full;
            }
            return full + interval;
        });
        return wait[0] == 0 ? 0 : Math.max(1, (wait[0] + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }
}
