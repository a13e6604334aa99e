package org.rapportcrm.platform.core.internal.transfer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rapportcrm.platform.api.job.Job;
import org.rapportcrm.platform.api.job.RowError;

/**
 * The SQL of import jobs. Plain JDBC, not JPA: a job's progress must commit in the very transaction that writes its
 * batch of records, so a crash can never leave the count and the rows apart.
 */
final class JobStore {
    /** A job with what is needed to run it. */
    record JobRow(Job job, String mediaType, String inputPath) {
    }

    void insert(Connection c, Job job, String mediaType, String inputPath) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_job (id, kind, record_type, media_type, status, input_path, "
                + "processed, created, failed, actor_id, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?)")) {
            ps.setString(1, job.id());
            ps.setString(2, job.kind());
            ps.setString(3, job.recordType());
            ps.setString(4, mediaType);
            ps.setString(5, job.status().name());
            ps.setString(6, inputPath);
            ps.setString(7, job.actorId());
            ps.setTimestamp(8, Timestamp.from(job.createdAt()));
            ps.executeUpdate();
        }
    }

    Optional<JobRow> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM rapport_job WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Jobs a stop or crash left unfinished: they go on from their last committed row. */
    List<JobRow> unfinished(Connection c) throws SQLException {
        List<JobRow> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM rapport_job WHERE status IN (?, ?, ?) ORDER BY created_at")) {
            ps.setString(1, Job.Status.QUEUED.name());
            ps.setString(2, Job.Status.RUNNING.name());
            ps.setString(3, Job.Status.INTERRUPTED.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(read(rs));
                }
            }
        }
        return result;
    }

    void status(Connection c, String id, Job.Status status, String message) throws SQLException {
        boolean starting = status == Job.Status.RUNNING;
        String sql = "UPDATE rapport_job SET status = ?, message = ?"
                + (starting ? ", started_at = COALESCE(started_at, ?)" : status.isFinished() ? ", finished_at = ?" : "") + " WHERE id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, status.name());
            ps.setString(i++, message == null ? null : message.substring(0, Math.min(2000, message.length())));
            if (starting || status.isFinished()) {
                ps.setTimestamp(i++, Timestamp.from(Instant.now()));
            }
            ps.setString(i, id);
            ps.executeUpdate();
        }
    }

    void progress(Connection c, String id, long processed, long created, long failed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE rapport_job SET processed = processed + ?, created = created + ?, failed = failed + ? WHERE id = ?")) {
            ps.setLong(1, processed);
            ps.setLong(2, created);
            ps.setLong(3, failed);
            ps.setString(4, id);
            ps.executeUpdate();
        }
    }

    void addErrors(Connection c, String id, List<RowError> errors) throws SQLException {
        if (errors.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_job_error (job_id, row_no, field, message) VALUES (?, ?, ?, ?)")) {
            for (RowError e : errors) {
                ps.setString(1, id);
                ps.setLong(2, e.row());
                ps.setString(3, e.field());
                ps.setString(4, e.message().substring(0, Math.min(1000, e.message().length())));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    List<RowError> errors(Connection c, String id, int offset, int limit) throws SQLException {
        List<RowError> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT row_no, field, message FROM rapport_job_error WHERE job_id = ? "
                + "ORDER BY row_no OFFSET " + Math.max(0, offset) + " ROWS FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new RowError(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return result;
    }

    private static JobRow read(ResultSet rs) throws SQLException {
        Job job = new Job(rs.getString("id"), rs.getString("kind"), rs.getString("record_type"), Job.Status.valueOf(rs.getString("status")),
                rs.getLong("processed"), rs.getLong("created"), rs.getLong("failed"), rs.getString("actor_id"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
                rs.getString("message"));
        return new JobRow(job, rs.getString("media_type"), rs.getString("input_path"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
