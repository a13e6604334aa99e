package org.rapportcrm.social.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Where this node's ingest spent its time since the bundle started, summed per step over every batch: what the bench
 * reads before and after a burst ({@code GET /api/v1/social/ingest-timings}) to show which step to make cheaper.
 */
final class IngestTimings {
    /** The steps of storing a batch, in the order they happen. */
    enum Step {
        /** Plain text, language, sentiment and buying intent of the batch's posts, before the transaction (wall time). */
        SCORING,
        /** Which posts of the batch were stored before: one query. */
        DEDUP,
        /** The authors' profiles: found, or matched to contacts and leads and made. */
        PROFILES,
        /** The posts that the batch's replies answer. */
        THREADS,
        /** Per post, summed over the threads that score (within scoring). */
        LANGUAGE,
        SENTIMENT,
        /** The record service's batched insert of the posts. */
        INSERT,
        /** Scheduling the case and lead rules the posts call for. */
        RULES,
        /** The whole transaction: the steps from dedup on, the channel's position and the commit. */
        TRANSACTION,
        /** Telling workflow rules of the stored posts, after the commit. */
        EVENTS
    }

    private final Map<Step, LongAdder> nanos = new EnumMap<>(Step.class);
    private final LongAdder cpuNanos = new LongAdder();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final LongAdder posts = new LongAdder();
    private final LongAdder batches = new LongAdder();

    IngestTimings() {
        for (Step step : Step.values()) {
            nanos.put(step, new LongAdder());
        }
    }

    <T> T time(Step step, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            add(step, System.nanoTime() - start);
        }
    }

    void add(Step step, long elapsedNanos) {
        nanos.get(step).add(elapsedNanos);
    }

    /**
     * The CPU time the calling thread spent in {@code work} (what a post costs whatever else the machine runs, unlike
     * the wall time of the steps), summed as {@code micros.cpu}; where the JVM measures no thread CPU time, nothing.
     */
    <T> T cpu(Supplier<T> work) {
        long start = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
        try {
            return work.get();
        } finally {
            if (start >= 0) {
                cpuNanos.add(threads.getCurrentThreadCpuTime() - start);
            }
        }
    }

    void batchReceived(int receivedPosts) {
        batches.increment();
        posts.add(receivedPosts);
    }

    /**
     * {@code posts} and {@code batches} handed to the ingest, the microseconds spent per step ({@code micros.insert}) and
     * the ingest's CPU time over all steps ({@code micros.cpu}).
     */
    Map<String, Object> snapshot() {
        Map<String, Object> micros = new LinkedHashMap<>();
        nanos.forEach((step, sum) -> micros.put(step.name().toLowerCase(Locale.ROOT), sum.sum() / 1000));
        micros.put("cpu", cpuNanos.sum() / 1000);
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("posts", posts.sum());
        snapshot.put("batches", batches.sum());
        snapshot.put("micros", micros);
        return snapshot;
    }
}
