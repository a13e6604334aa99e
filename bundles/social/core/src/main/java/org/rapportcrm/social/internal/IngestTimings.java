package org.rapportcrm.social.internal;

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
        /** Which posts of the batch were stored before: one query. */
        DEDUP,
        /** The authors' profiles: found, or matched to contacts and leads and made. */
        PROFILES,
        /** The posts that the batch's replies answer. */
        THREADS,
        LANGUAGE,
        SENTIMENT,
        /** The record service's batched insert of the posts. */
        INSERT,
        /** Scheduling the case and lead rules the posts call for. */
        RULES,
        /** The whole transaction: the steps above, the channel's position and the commit. */
        TRANSACTION,
        /** Telling workflow rules of the stored posts, after the commit. */
        EVENTS
    }

    private final Map<Step, LongAdder> nanos = new EnumMap<>(Step.class);
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

    void batchReceived(int receivedPosts) {
        batches.increment();
        posts.add(receivedPosts);
    }

    /** {@code posts} and {@code batches} handed to the ingest, and the microseconds spent per step ({@code micros.insert}). */
    Map<String, Object> snapshot() {
        Map<String, Object> micros = new LinkedHashMap<>();
        nanos.forEach((step, sum) -> micros.put(step.name().toLowerCase(Locale.ROOT), sum.sum() / 1000));
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("posts", posts.sum());
        snapshot.put("batches", batches.sum());
        snapshot.put("micros", micros);
        return snapshot;
    }
}
