package org.rapportcrm.platform.core.internal.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
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
