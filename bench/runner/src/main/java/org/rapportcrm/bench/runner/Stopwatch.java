package org.rapportcrm.bench.runner;

import java.time.Duration;

/** Wall time since it was started, and whether a time limit counted from then has passed. */
final class Stopwatch {
    private final long start = System.nanoTime();

    static Stopwatch start() {
        return new Stopwatch();
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    boolean isWithin(Duration limit) {
        return System.nanoTime() - start < limit.toNanos();
    }
}
