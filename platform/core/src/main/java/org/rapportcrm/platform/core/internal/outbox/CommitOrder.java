package org.rapportcrm.platform.core.internal.outbox;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a reader from skipping an entry that commits late. Sequence numbers are taken when a transaction writes its
 * entries, not when it commits, so a reader may see 6 while 5 is still uncommitted. A missing number is therefore
 * only passed once it is settled: once every transaction that was running when the gap was first seen has ended (the
 * number then belongs to a rolled-back transaction or to entries deleted by the retention). Until then the reader
 * stops in front of it and reads again.
 */
final class CommitOrder {
    /**
     * What a read saw of the writers, in the database's own terms: every transaction below {@code oldestRunning} has
     * ended; every transaction that had started when the read was made is below {@code nextToStart}.
     */
    record Snapshot(long oldestRunning, long nextToStart) {
    }

    record Row(long sequence, String recordType, String payload) {
    }

    private long gapAt = -1;
    /** The gap is settled once the oldest running transaction is at least this. */
    private long gapSettledFrom;

    /** The rows (read in sequence order after {@code position}) that may be consumed now, oldest first. */
    List<Row> settled(long position, List<Row> rows, Snapshot snapshot) {
        List<Row> settled = new ArrayList<>();
        long expected = position + 1;
        for (Row row : rows) {
            if (row.sequence() != expected) {
                if (gapAt != expected) {
                    gapAt = expected;
                    gapSettledFrom = snapshot.nextToStart();
                    break;
                }
                if (snapshot.oldestRunning() < gapSettledFrom) {
                    break;
                }
                gapAt = -1;
            }
            settled.add(row);
            expected = row.sequence() + 1;
        }
        return settled;
    }

    /** Whether the reader stopped in front of a gap that is not settled yet (and should look again soon). */
    boolean waitingForGap() {
        return gapAt >= 0;
    }

    /** The consumer was moved: what was known of gaps no longer applies. */
    void reset() {
        gapAt = -1;
    }
}
