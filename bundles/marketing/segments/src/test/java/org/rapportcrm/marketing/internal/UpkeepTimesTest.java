package org.rapportcrm.marketing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The upkeep figures an administrator reads: over the latest changes only, in milliseconds. */
class UpkeepTimesTest {
    private final UpkeepTimes times = new UpkeepTimes();

    @Test
    void beforeTheFirstChangeThereAreNoFigures() {
        Map<String, Object> summary = times.summary();
        assertEquals(0L, summary.get("changes"));
        assertNull(summary.get("p95Millis"));
    }

    @Test
    void theFiguresCoverTheLatestChangesOnly() {
        for (int i = 0; i < UpkeepTimes.CAPACITY; i++) {
            times.record(50_000_000, 1); // 50 ms each, then pushed out
        }
        for (int i = 1; i <= UpkeepTimes.CAPACITY; i++) {
            times.record(i * 1_000L, 1); // 1 µs to 10 ms
        }
        Map<String, Object> summary = times.summary();
        assertEquals(2L * UpkeepTimes.CAPACITY, summary.get("changes"));
        assertEquals(UpkeepTimes.CAPACITY, summary.get("latest"));
        assertEquals(5.0, summary.get("p50Millis"));
        assertEquals(9.5, summary.get("p95Millis"));
        assertEquals(10.0, summary.get("maxMillis"));
    }

    @Test
    void changesKeptCurrentTogetherShareTheirTime() {
        times.record(9_000_000, 3);
        assertEquals(3L, times.summary().get("changes"));
        assertEquals(3.0, times.summary().get("maxMillis"));
    }
}
