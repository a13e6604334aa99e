package org.rapportcrm.platform.core.internal.record;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rapportcrm.platform.api.record.Change;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.db.Dialect;
import org.rapportcrm.platform.core.internal.db.PostgresCopy;

/** Who changed what and when, written in the same transaction as the change itself. */
public final class AuditLog {
    private static final int MAX_VALUE = 4000;
    private static final List<String> COLUMNS = List.of("changed_at", "actor_id", "actor_name", "record_type", "record_id", "version",
            "operation", "field", "old_value", "new_value");
    private final Dialect dialect;

    public AuditLog(Dialect dialect) {
        this.dialect = dialect;
    }

    public void write(Connection c, Actor actor, List<Change> changes) throws SQLException {
        // A bulk creation audits every row: on PostgreSQL one COPY stream; a single change is one statement either way.
        if (changes.size() > 1 && dialect == Dialect.POSTGRESQL && PostgresCopy.canCopy(c)) {
            List<List<Object>> rows = new ArrayList<>(changes.size());
            for (Change ch : changes) {
                rows.add(Arrays.asList(ch.at(), actor.userId(), actor.userName(), ch.recordType(), ch.recordId(), ch.version(),
                        ch.operation(), ch.field(), clip(ch.oldValue()), clip(ch.newValue())));
            }
            PostgresCopy.copy(c, "rapport_audit", COLUMNS, rows);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_audit (" + String.join(", ", COLUMNS) + ") VALUES ("
                + String.join(", ", COLUMNS.stream().map(column -> "?").toList()) + ")")) {
            for (Change ch : changes) {
                ps.setTimestamp(1, Timestamp.from(ch.at()));
                ps.setString(2, actor.userId());
                ps.setString(3, actor.userName());
                ps.setString(4, ch.recordType());
                ps.setString(5, ch.recordId());
                ps.setLong(6, ch.version());
                ps.setString(7, ch.operation());
                ps.setString(8, ch.field());
                ps.setString(9, clip(ch.oldValue()));
                ps.setString(10, clip(ch.newValue()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public List<Change> history(Connection c, String type, String id, int limit) throws SQLException {
        List<Change> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM rapport_audit WHERE record_type = ? AND record_id = ? "
                + "ORDER BY id DESC FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")) {
            ps.setString(1, type);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Change(rs.getTimestamp("changed_at").toInstant(), rs.getString("actor_id"), rs.getString("actor_name"),
                            type, id, rs.getLong("version"), rs.getString("operation"), rs.getString("field"),
                            rs.getString("old_value"), rs.getString("new_value")));
                }
            }
        }
        return result;
    }

    public static Change change(Instant at, Actor actor, String type, String id, long version, String op, String field,
            String oldValue, String newValue) {
        return new Change(at, actor.userId(), actor.userName(), type, id, version, op, field, oldValue, newValue);
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE - 1) + "…";
    }
}
