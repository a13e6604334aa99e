package org.rapportcrm.platform.core.internal.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one transaction asked to schedule or cancel at its commit ({@code scheduleAtCommit}, {@code cancelAtCommit}),
 * the last request per instance counting, in the order first asked.
 */
final class CommitBatch {
    /** Instances per query: Derby and PostgreSQL take this many parameters in an IN list without trouble. */
    static final int CHUNK = 500;

    /** A schedule, or a cancellation ({@code due} and {@code data} null). */
    record Request(TaskKey key, Instant due, TaskData data) {
        boolean cancels() {
            return due == null;
        }
    }

    private final Map<TaskKey, Request> requests = new LinkedHashMap<>();

    void schedule(TaskKey key, Instant due, TaskData data) {
        requests.put(key, new Request(key, due, data));
    }

    void cancel(TaskKey key) {
        requests.put(key, new Request(key, null, null));
    }

    boolean isEmpty() {
        return requests.isEmpty();
    }

    void clear() {
        requests.clear();
    }

    List<List<Request>> chunks() {
        List<Request> all = new ArrayList<>(requests.values());
        List<List<Request>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return chunks;
    }

    /** Of the chunk's instances, those in the scheduler's table, each with whether it is running (picked). */
    static Map<TaskKey, Boolean> existing(Connection c, String table, String taskName, List<Request> chunk) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT task_instance, picked FROM " + table + " WHERE task_name = ? AND task_instance IN (" + marks + ")")) {
            ps.setString(1, taskName);
            for (int i = 0; i < chunk.size(); i++) {
                ps.setString(i + 2, chunk.get(i).key().stored());
            }
            Map<TaskKey, Boolean> found = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(TaskKey.parse(rs.getString(1)), rs.getBoolean(2));
                }
            }
            return found;
        }
    }
}
