package org.rapportcrm.platform.core.internal.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rapportcrm.platform.api.outbox.ConsumerPosition;
import org.rapportcrm.platform.api.outbox.OutboxChange;
import org.rapportcrm.platform.core.internal.db.Dialect;

/** The outbox's SQL: entries, and each consumer's row (position, lease, failures). */
final class OutboxStore {
    private final Dialect dialect;

    OutboxStore(Dialect dialect) {
        this.dialect = dialect;
    }

    record Read(List<CommitOrder.Row> rows, CommitOrder.Snapshot snapshot) {
    }

    /**
     * Entries after {@code position} in sequence order, with what the same statement saw of the running writers;
     * {@code rechecking}: the reader is waiting at a gap it saw before.
     */
    Read after(Connection c, long position, int limit, boolean rechecking) throws SQLException {
        boolean postgres = dialect == Dialect.POSTGRESQL;
        // In one statement, so the rows and the writers' horizon come from the same snapshot.
        String sql = "SELECT seq, record_type, payload"
                + (postgres ? ", pg_snapshot_xmin(pg_current_snapshot())::text::bigint, pg_snapshot_xmax(pg_current_snapshot())::text::bigint" : "")
                + " FROM rapport_outbox WHERE seq > ? ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY";
        List<CommitOrder.Row> rows = new ArrayList<>();
        CommitOrder.Snapshot snapshot = null;
        // Only a scan that looks again at a gap needs the writers running before it (see below).
        CommitOrder.Snapshot writersBefore = postgres || !rechecking ? null : derbyWriters(c);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, position);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new CommitOrder.Row(rs.getLong(1), rs.getString(2), rs.getString(3)));
                    if (postgres && snapshot == null) {
                        snapshot = new CommitOrder.Snapshot(rs.getLong(4), rs.getLong(5));
                    }
                }
            }
        }
        if (!postgres && hasGap(position, rows)) {
            // Every transaction below the oldest one running before the scan had ended before it (had it committed an
            // entry, the scan saw it); every one running during the scan had started before the look after it.
            long oldestRunning = writersBefore == null ? Long.MIN_VALUE : writersBefore.oldestRunning(); // unused at first sight
            snapshot = new CommitOrder.Snapshot(oldestRunning, derbyWriters(c).nextToStart());
        }
        return new Read(rows, snapshot == null ? new CommitOrder.Snapshot(Long.MAX_VALUE, Long.MAX_VALUE) : snapshot);
    }

    private static boolean hasGap(long position, List<CommitOrder.Row> rows) {
        return !rows.isEmpty() && rows.get(rows.size() - 1).sequence() - position != rows.size();
    }

    /**
     * Derby's running writers in the terms of {@link CommitOrder.Snapshot}: its transaction ids grow, a transaction gets
     * one when it becomes active, and a writer that has drawn an entry's number is active until it ends. So a gap seen
     * by a scan is settled once a later scan starts after every transaction running at the first one has ended. The
     * caller takes the oldest running before its scan and the next to start after it: a writer that ends during the scan
     * may have added its entry behind it.
     */
    CommitOrder.Snapshot derbyWriters(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(CAST(XID AS BIGINT)), MAX(CAST(XID AS BIGINT)) "
                + "FROM SYSCS_DIAG.TRANSACTION_TABLE WHERE STATUS = 'ACTIVE' AND TYPE = 'UserTransaction'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getObject(1) == null ? new CommitOrder.Snapshot(Long.MAX_VALUE, Long.MAX_VALUE)
                    : new CommitOrder.Snapshot(rs.getLong(1), rs.getLong(2) + 1);
        }
    }

    /** Entries with sequences in ({@code after}, {@code upTo}] made at or after {@code since}, oldest first. */
    List<CommitOrder.Row> between(Connection c, long after, long upTo, Instant since, int limit) throws SQLException {
        List<CommitOrder.Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, record_type, payload FROM rapport_outbox "
                + "WHERE seq > ? AND seq <= ? AND created_at >= ? ORDER BY seq FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")) {
            ps.setLong(1, after);
            ps.setLong(2, upTo);
            ps.setTimestamp(3, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new CommitOrder.Row(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return rows;
    }

    /**
     * As {@link #between}, each entry only as the record it changed, read from its columns; null for an entry written
     * before those columns were (its payload tells).
     */
    List<Head> headsBetween(Connection c, long after, long upTo, Instant since, int limit) throws SQLException {
        List<Head> heads = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, record_type, change_kind, record_id, record_version, created_at "
                + "FROM rapport_outbox WHERE seq > ? AND seq <= ? AND created_at >= ? ORDER BY seq FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")) {
            ps.setLong(1, after);
            ps.setLong(2, upTo);
            ps.setTimestamp(3, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String recordId = rs.getString(4);
                    heads.add(new Head(rs.getLong(1), rs.getString(2), recordId == null ? null
                            : new OutboxChange(rs.getLong(1), rs.getString(3), rs.getString(2), recordId, rs.getLong(5), rs.getTimestamp(6).toInstant())));
                }
            }
        }
        return heads;
    }

    /** An entry's sequence and type, and the record it changed unless only its payload tells. */
    record Head(long sequence, String recordType, OutboxChange change) {
    }

    /** The highest sequence written so far (0 if none): where a new consumer starts. */
    long last(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM rapport_outbox"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The sequence just before the first entry made at or after {@code from} (or the last one, if none is). */
    long before(Connection c, Instant from) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(seq) FROM rapport_outbox WHERE created_at >= ?")) {
            ps.setTimestamp(1, Timestamp.from(from));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long first = rs.getLong(1);
                return rs.wasNull() ? last(c) : first - 1;
            }
        }
    }

    int deleteOlderThan(Connection c, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rapport_outbox WHERE created_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            return ps.executeUpdate();
        }
    }

    /** Adds the consumer's row at {@code position} unless it has one; true if added. */
    boolean register(Connection c, String consumer, long position) throws SQLException {
        if (find(c, consumer).isPresent()) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_outbox_consumer (name, position, failures) VALUES (?, ?, 0)")) {
            ps.setString(1, consumer);
            ps.setLong(2, position);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (dialect.isUniqueViolation(e)) {
                return false; // another node registered it at the same moment
            }
            throw e;
        }
    }

    Optional<ConsumerPosition> find(Connection c, String consumer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT position, lease_owner, lease_until, failures, last_error, retry_at "
                + "FROM rapport_outbox_consumer WHERE name = ?")) {
            ps.setString(1, consumer);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp until = rs.getTimestamp(3);
                String owner = until != null && until.toInstant().isAfter(Instant.now()) ? rs.getString(2) : null;
                Timestamp retry = rs.getTimestamp(6);
                return Optional.of(new ConsumerPosition(consumer, rs.getLong(1), owner, rs.getInt(4), rs.getString(5),
                        retry == null ? null : retry.toInstant()));
            }
        }
    }

    /** Takes or renews the consumer's lease for {@code node} until {@code until}, unless another node holds it. */
    boolean lease(Connection c, String consumer, String node, Instant now, Instant until) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rapport_outbox_consumer SET lease_owner = ?, lease_until = ? "
                + "WHERE name = ? AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)")) {
            ps.setString(1, node);
            ps.setTimestamp(2, Timestamp.from(until));
            ps.setString(3, consumer);
            ps.setString(4, node);
            ps.setTimestamp(5, Timestamp.from(now));
            return ps.executeUpdate() == 1;
        }
    }

    void release(Connection c, String consumer, String node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rapport_outbox_consumer SET lease_owner = NULL, lease_until = NULL "
                + "WHERE name = ? AND lease_owner = ?")) {
            ps.setString(1, consumer);
            ps.setString(2, node);
            ps.executeUpdate();
        }
    }

    /**
     * Moves the position from {@code from} to {@code to} and clears failures, if {@code node} still holds the lease and
     * nobody moved the position meanwhile (a replay): false otherwise, and the holder reads its row again.
     */
    boolean advance(Connection c, String consumer, String node, long from, long to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rapport_outbox_consumer SET position = ?, failures = 0, "
                + "last_error = NULL, retry_at = NULL WHERE name = ? AND lease_owner = ? AND position = ?")) {
            ps.setLong(1, to);
            ps.setString(2, consumer);
            ps.setString(3, node);
            ps.setLong(4, from);
            return ps.executeUpdate() == 1;
        }
    }

    void failed(Connection c, String consumer, int failures, String error, Instant retryAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rapport_outbox_consumer SET failures = ?, last_error = ?, retry_at = ? "
                + "WHERE name = ?")) {
            ps.setInt(1, failures);
            ps.setString(2, error == null ? null : error.length() > 2000 ? error.substring(0, 2000) : error);
            ps.setTimestamp(3, Timestamp.from(retryAt));
            ps.setString(4, consumer);
            ps.executeUpdate();
        }
    }

    /**
     * Sets the position (a replay); failures are cleared so the consumer goes on at once, and the lease too, so that a
     * batch being consumed meanwhile cannot move the position past the replay's start when it returns.
     */
    boolean move(Connection c, String consumer, long position) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rapport_outbox_consumer SET position = ?, failures = 0, "
                + "last_error = NULL, retry_at = NULL, lease_owner = NULL, lease_until = NULL WHERE name = ?")) {
            ps.setLong(1, position);
            ps.setString(2, consumer);
            return ps.executeUpdate() == 1;
        }
    }
}
