package org.rapportcrm.platform.core.internal.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.core.internal.db.Dialect;

/**
 * On Derby a reader passes a gap in the outbox's numbers (a number drawn by a writer whose entry is not in yet, or
 * one rolled back) as soon as every transaction that was running when it saw the gap has ended, not after a fixed wait
 * and never before.
 */
class DerbyCommitOrderTest {
    private final OutboxStore store = new OutboxStore(Dialect.DERBY);

    private static List<CommitOrder.Row> rows(long... sequences) {
        return java.util.Arrays.stream(sequences).mapToObj(s -> new CommitOrder.Row(s, "contact", "{}")).toList();
    }

    private static List<Long> sequences(List<CommitOrder.Row> rows) {
        return rows.stream().map(CommitOrder.Row::sequence).toList();
    }

    /** What a scan sees of the writers: the oldest running before it, the next to start after it. */
    private CommitOrder.Snapshot scan(Connection reader, Runnable duringTheScan) throws SQLException {
        CommitOrder.Snapshot before = store.derbyWriters(reader);
        duringTheScan.run();
        return new CommitOrder.Snapshot(before.oldestRunning(), store.derbyWriters(reader).nextToStart());
    }

    @Test
    void aWriterThatEndsWhileAScanPassesItsEntryIsWaitedForUntilTheNextScan() throws SQLException {
        String url = "jdbc:derby:memory:commitOrderScan;create=true";
        try (Connection reader = DriverManager.getConnection(url); Connection writer = DriverManager.getConnection(url)) {
            reader.createStatement().execute("CREATE TABLE t (v INT)");
            writer.setAutoCommit(false);
            writer.createStatement().execute("INSERT INTO t VALUES (1)"); // holds entry 2
            CommitOrder order = new CommitOrder();
            assertEquals(List.of(1L), sequences(order.settled(0, rows(1, 3), scan(reader, () -> { }))));

            // The writer adds entry 2 behind a scan that already passed its place, and commits before the scan ends.
            CommitOrder.Snapshot during = scan(reader, () -> {
                try {
                    writer.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(List.of(), sequences(order.settled(1, rows(3), during)), "entry 2 may be behind the scan: not passed");
            assertEquals(List.of(2L, 3L), sequences(order.settled(1, rows(2, 3), scan(reader, () -> { }))));
        }
    }

    @Test
    void aGapIsPassedOnlyOnceTheWritersRunningWhenItWasSeenHaveEnded() throws SQLException {
        String url = "jdbc:derby:memory:commitOrder;create=true";
        try (Connection reader = DriverManager.getConnection(url); Connection writer = DriverManager.getConnection(url);
                Connection later = DriverManager.getConnection(url)) {
            reader.createStatement().execute("CREATE TABLE t (v INT)");
            writer.setAutoCommit(false);
            writer.createStatement().execute("INSERT INTO t VALUES (1)"); // a writer that may still add entry 2
            CommitOrder order = new CommitOrder();

            assertEquals(List.of(1L), sequences(order.settled(0, rows(1, 3), store.derbyWriters(reader))));
            later.setAutoCommit(false);
            later.createStatement().execute("INSERT INTO t VALUES (2)"); // began after the gap was seen: not waited for
            assertEquals(List.of(), sequences(order.settled(1, rows(3), store.derbyWriters(reader))));

            writer.commit();
            assertEquals(List.of(3L), sequences(order.settled(1, rows(3), store.derbyWriters(reader))),
                    "entry 2 will never come: its writer has ended");
            later.rollback();
        }
    }
}
