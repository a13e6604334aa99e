package org.rapportcrm.platform.core.internal.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rapportcrm.platform.api.schedule.TaskStatus;

/** Task instances that gave up, kept (with their data) so they are visible and can be scheduled again. */
final class FailedTasks {
    void keep(Connection c, TaskKey key, byte[] data, int failures, String message) throws SQLException {
        remove(c, key);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rapport_task_failure (handler, instance_id, task_data, failures, failed_at, message) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, key.handler());
            ps.setString(2, key.instanceId());
            ps.setBytes(3, data);
            ps.setInt(4, failures);
            ps.setTimestamp(5, Timestamp.from(Instant.now()));
            ps.setString(6, message == null ? null : message.substring(0, Math.min(2000, message.length())));
            ps.executeUpdate();
        }
    }

    boolean remove(Connection c, TaskKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rapport_task_failure WHERE handler = ? AND instance_id = ?")) {
            ps.setString(1, key.handler());
            ps.setString(2, key.instanceId());
            return ps.executeUpdate() > 0;
        }
    }

    /** Removes the failure marks of these instances (at most a {@link CommitBatch#CHUNK} of them), a statement per handler. */
    void removeAll(Connection c, List<TaskKey> keys) throws SQLException {
        Map<String, List<String>> byHandler = new LinkedHashMap<>();
        keys.forEach(k -> byHandler.computeIfAbsent(k.handler(), h -> new ArrayList<>()).add(k.instanceId()));
        for (Map.Entry<String, List<String>> e : byHandler.entrySet()) {
            List<String> ids = e.getValue();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM rapport_task_failure WHERE handler = ? AND instance_id IN ("
                    + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")")) {
                ps.setString(1, e.getKey());
                for (int i = 0; i < ids.size(); i++) {
                    ps.setString(i + 2, ids.get(i));
                }
                ps.executeUpdate();
            }
        }
    }

    Optional<TaskStatus> find(Connection c, TaskKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT failures, failed_at, message FROM rapport_task_failure WHERE handler = ? AND instance_id = ?")) {
            ps.setString(1, key.handler());
            ps.setString(2, key.instanceId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new TaskStatus(key.handler(), key.instanceId(), TaskStatus.State.FAILED, rs.getTimestamp(2).toInstant(),
                                rs.getInt(1), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }
}
