package org.rapportcrm.bench.runner;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** Waiting for what the server does after it answered (deliveries, rule runs), and percentiles of what was measured. */
final class Awaits {
    private Awaits() {
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static void await(Check check, Duration timeout) throws Exception {
        await(check, timeout, Duration.ofMillis(50));
    }

    /** As {@link #await(Check, Duration)}, checking every {@code interval} (for checks that cost the server much). */
    static void await(Check check, Duration timeout, Duration interval) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + timeout);
            }
            LockSupport.parkNanos(interval.toNanos());
        }
    }

    /** The p-th percentile of sorted figures; 0 for none. */
    static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
