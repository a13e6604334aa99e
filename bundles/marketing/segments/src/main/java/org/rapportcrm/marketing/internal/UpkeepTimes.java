package org.rapportcrm.marketing.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * How long keeping the dynamic segments current took per contact change on this node, over the latest
 * {@value #CAPACITY} changes: what an administrator adding a segment wants to know it costs every change.
 */
@Component(service = UpkeepTimes.class)
public class UpkeepTimes {
    static final int CAPACITY = 10_000;
    private final long[] nanos = new long[CAPACITY];
    private long recorded;

    /** The upkeep of {@code changes} contact changes done together took {@code elapsedNanos}: each its share. */
    synchronized void record(long elapsedNanos, int changes) {
        for (int i = 0; i < changes; i++) {
            nanos[(int) (recorded % CAPACITY)] = elapsedNanos / changes;
            recorded++;
        }
    }

    /** The number of changes since the start, and the median, 95th percentile and longest of the latest, in milliseconds. */
    synchronized Map<String, Object> summary() {
        int n = (int) Math.min(recorded, CAPACITY);
        long[] latest = Arrays.copyOf(nanos, n);
        Arrays.sort(latest);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("changes", recorded);
        summary.put("latest", n);
        summary.put("p50Millis", n == 0 ? null : millis(latest[(n - 1) / 2]));
        summary.put("p95Millis", n == 0 ? null : millis(latest[(int) Math.ceil(n * 0.95) - 1]));
        summary.put("maxMillis", n == 0 ? null : millis(latest[n - 1]));
        return summary;
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
