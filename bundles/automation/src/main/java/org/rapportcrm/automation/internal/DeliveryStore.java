package org.rapportcrm.automation.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.JdbcWork;
import org.rapportcrm.platform.api.metadata.SchemaMigration;
import org.rapportcrm.platform.api.metadata.SchemaMigrations;

/**
 * The delivery log's SQL: one plain table the automation capability owns, written in batches (one insert per batch of
 * fan-out, one update per batch of results), never through the record machinery, whose validation, audit and outbox
 * entry per row cost several writes per delivery.
 */
@Component(service = DeliveryStore.class)
public class DeliveryStore {
    static final String TABLE = "automation_webhook_delivery";
    private static final String COLUMNS = "webhook_id, seq, record_type, record_id, event, status, attempts, created_at, "
            + "first_attempt, last_attempt, next_attempt, response_status, response, error, request, revision";
    /** Most parameters in one IN list (Derby compiles each distinct statement; PostgreSQL allows 32,767 in all). */
    private static final int IN_LIST = 500;

    private final DataSource dataSource;

    /** The table and its indexes: by subscription and record (order), by subscription and status (the log), by status and age (sweep, retention). */
    static final SchemaMigration CREATE = SchemaMigration.of(1, "Webhook delivery log", context -> {
        String text = context.database().equals("Derby") ? "CLOB" : "TEXT";
        try (Statement s = context.connection().createStatement()) {
            s.execute("CREATE TABLE " + TABLE + " (webhook_id VARCHAR(36) NOT NULL, seq BIGINT NOT NULL, "
                    + "record_type VARCHAR(64) NOT NULL, record_id VARCHAR(36) NOT NULL, event VARCHAR(100) NOT NULL, "
                    + "status VARCHAR(10) NOT NULL, attempts INT NOT NULL, created_at TIMESTAMP NOT NULL, first_attempt TIMESTAMP, "
                    + "last_attempt TIMESTAMP, next_attempt TIMESTAMP, response_status INT, response VARCHAR(" + WebhookSender.EXCERPT
                    + "), error VARCHAR(1000), request " + text + " NOT NULL, revision BIGINT NOT NULL, PRIMARY KEY (webhook_id, seq))");
            s.execute("CREATE INDEX automation_wd_record ON " + TABLE + " (webhook_id, record_id, seq)");
            s.execute("CREATE INDEX automation_wd_status ON " + TABLE + " (webhook_id, status, seq)");
            s.execute("CREATE INDEX automation_wd_age ON " + TABLE + " (status, created_at)");
        }
    });

    @Activate
    public DeliveryStore(@Reference SchemaMigrations schema, @Reference(target = SchemaMigrations.DATA_SOURCE) DataSource dataSource) {
        schema.migrate("org.rapportcrm.automation.deliveries", List.of(CREATE));
        this.dataSource = dataSource;
    }

    private <T> T inTransaction(JdbcWork.Work<T> work) {
        return JdbcWork.inTransaction(dataSource, "The webhook delivery log", work);
    }

    private <T> T read(JdbcWork.Work<T> work) {
        return JdbcWork.read(dataSource, "The webhook delivery log", work);
    }

    /** Of these deliveries, those already made (a batch given again after a crash, or a replay), as they are stored, by message id. */
    Map<String, Delivery> existing(List<Delivery> made) {
        if (made.isEmpty()) {
            return Map.of();
        }
        long from = made.stream().mapToLong(Delivery::sequence).min().orElseThrow();
        long to = made.stream().mapToLong(Delivery::sequence).max().orElseThrow();
        Set<String> webhooks = made.stream().map(Delivery::webhookId).collect(Collectors.toCollection(LinkedHashSet::new));
        return read(c -> {
            Map<String, Delivery> found = new HashMap<>();
            for (String webhook : webhooks) {
                for (Delivery d : select(c, "webhook_id = ? AND seq BETWEEN ? AND ?", List.of(webhook, from, to), "seq", Integer.MAX_VALUE)) {
                    found.put(d.messageId(), d);
                }
            }
            return found;
        });
    }

    /** Writes new deliveries in one batch. Joins the thread's platform transaction if there is one. */
    void addAll(List<Delivery> fresh) {
        if (!fresh.isEmpty()) {
            inTransaction(c -> {
                insert(c, fresh);
                return null;
            });
        }
    }

    /**
     * Writes those of {@code made} that are not there yet and returns each as it is now stored: new, or as it was made
     * before.
     */
    List<Delivery> add(List<Delivery> made) {
        Map<String, Delivery> before = existing(made);
        List<Delivery> stored = made.stream().map(d -> before.getOrDefault(d.messageId(), d)).toList();
        addAll(made.stream().filter(d -> !before.containsKey(d.messageId())).toList());
        return stored;
    }

    private static void insert(Connection c, List<Delivery> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Delivery d : rows) {
                ps.setString(1, d.webhookId());
                ps.setLong(2, d.sequence());
                ps.setString(3, d.recordType());
                ps.setString(4, d.recordId());
                ps.setString(5, d.event());
                ps.setString(6, d.status());
                ps.setInt(7, d.attempts());
                ps.setTimestamp(8, Timestamp.from(d.createdAt()));
                setInstant(ps, 9, d.firstAttempt());
                setInstant(ps, 10, d.lastAttempt());
                setInstant(ps, 11, d.nextAttempt());
                if (d.responseStatus() == null) {
                    ps.setNull(12, Types.INTEGER);
                } else {
                    ps.setInt(12, d.responseStatus());
                }
                ps.setString(13, d.response());
                ps.setString(14, d.error());
                ps.setString(15, d.request());
                ps.setLong(16, d.revision());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Writes how the tries went, in one batch: each only if nobody changed the delivery since it was read (a replay
     * made while it was being sent goes its own way). Joins the thread's platform transaction if there is one.
     */
    void recordAll(Collection<Delivery> tried) {
        if (tried.isEmpty()) {
            return;
        }
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET status = ?, attempts = ?, first_attempt = ?, "
                    + "last_attempt = ?, next_attempt = ?, response_status = ?, response = ?, error = ?, revision = ? "
                    + "WHERE webhook_id = ? AND seq = ? AND revision = ?")) {
                for (Delivery d : tried) {
                    ps.setString(1, d.status());
                    ps.setInt(2, d.attempts());
                    setInstant(ps, 3, d.firstAttempt());
                    setInstant(ps, 4, d.lastAttempt());
                    setInstant(ps, 5, d.nextAttempt());
                    if (d.responseStatus() == null) {
                        ps.setNull(6, Types.INTEGER);
                    } else {
                        ps.setInt(6, d.responseStatus());
                    }
                    ps.setString(7, d.response());
                    ps.setString(8, d.error());
                    ps.setLong(9, d.revision());
                    ps.setString(10, d.webhookId());
                    ps.setLong(11, d.sequence());
                    ps.setLong(12, d.revision() - 1);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * Of the given subscription-and-record keys, those with a delivery still waiting (pending or being retried) from
     * before {@code beforeSequence}: their later deliveries must wait behind it.
     */
    Set<String> keysWaitingBefore(String webhookId, Collection<String> recordIds, long beforeSequence) {
        Set<String> keys = new LinkedHashSet<>();
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(recordIds));
        read(c -> {
            // Usually nothing of the subscription waits: one look along its status index says so, without probing each record.
            try (PreparedStatement ps = prepare(c, "SELECT seq FROM " + TABLE + " WHERE webhook_id = ? AND status IN (?, ?) AND seq < ? "
                    + "FETCH FIRST 1 ROWS ONLY", List.of(webhookId, Delivery.PENDING, Delivery.RETRYING, beforeSequence));
                    ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
            }
            for (int i = 0; i < ids.size(); i += IN_LIST) {
                List<String> part = ids.subList(i, Math.min(ids.size(), i + IN_LIST));
                List<Object> params = new ArrayList<>();
                params.add(webhookId);
                params.addAll(part);
                params.add(beforeSequence);
                String sql = "SELECT DISTINCT record_id FROM " + TABLE + " WHERE webhook_id = ? AND record_id IN ("
                        + String.join(", ", java.util.Collections.nCopies(part.size(), "?")) + ") AND seq < ? AND status IN ('"
                        + Delivery.PENDING + "', '" + Delivery.RETRYING + "')";
                try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(webhookId + "|" + rs.getString(1));
                    }
                }
            }
            return null;
        });
        return keys;
    }

    /** A subscription's deliveries of one record that still have to go out, oldest first. */
    List<Delivery> waiting(String webhookId, String recordId, int limit) {
        return read(c -> select(c, "webhook_id = ? AND record_id = ? AND status IN ('" + Delivery.PENDING + "', '" + Delivery.RETRYING + "')",
                List.of(webhookId, recordId), "seq", limit));
    }

    /** One page of a subscription's log, newest first: those before {@code beforeSequence} (all if null), in a state if given. */
    List<Delivery> page(String webhookId, String status, Long beforeSequence, int limit) {
        StringBuilder where = new StringBuilder("webhook_id = ?");
        List<Object> params = new ArrayList<>(List.of(webhookId));
        if (status != null) {
            where.append(" AND status = ?");
            params.add(status);
        }
        if (beforeSequence != null) {
            where.append(" AND seq < ?");
            params.add(beforeSequence);
        }
        return read(c -> select(c, where.toString(), params, "seq DESC", limit));
    }

    java.util.Optional<Delivery> find(String webhookId, long sequence) {
        return read(c -> select(c, "webhook_id = ? AND seq = ?", List.of(webhookId, sequence), "seq", 1)).stream().findFirst();
    }

    /** A subscription's dead letters, oldest first, at most {@code limit}. */
    List<Delivery> dead(String webhookId, int limit) {
        return read(c -> select(c, "webhook_id = ? AND status = ?", List.of(webhookId, Delivery.DEAD), "seq", limit));
    }

    /**
     * Makes deliveries pending again, to go out at the next try of their record (a replay): the count of attempts
     * and the last answer stay for the log; the retry period starts again.
     */
    void makePending(Collection<Delivery> deliveries) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET status = ?, next_attempt = NULL, first_attempt = NULL, "
                    + "revision = revision + 1 WHERE webhook_id = ? AND seq = ?")) {
                for (Delivery d : deliveries) {
                    ps.setString(1, Delivery.PENDING);
                    ps.setString(2, d.webhookId());
                    ps.setLong(3, d.sequence());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Subscription-and-record keys of deliveries pending since before {@code before}, at most {@code limit}. */
    Set<String> pendingKeysOlderThan(Instant before, int limit) {
        Set<String> keys = new LinkedHashSet<>();
        read(c -> {
            try (PreparedStatement ps = prepare(c, "SELECT webhook_id, record_id FROM " + TABLE + " WHERE status = ? AND created_at < ? "
                    + "ORDER BY created_at FETCH FIRST " + limit + " ROWS ONLY", List.of(Delivery.PENDING, Timestamp.from(before)));
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1) + "|" + rs.getString(2));
                }
            }
            return null;
        });
        return keys;
    }

    /** Deletes a subscription's whole log. Joins the thread's platform transaction if there is one. */
    void deleteAll(String webhookId) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE webhook_id = ?")) {
                ps.setString(1, webhookId);
                return ps.executeUpdate();
            }
        });
    }

    /** Deletes the deliveries made before {@code cutoff} that are done with (delivered or dead); returns how many. */
    int deleteDoneBefore(Instant cutoff) {
        return inTransaction(c -> {
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE status = ? AND created_at < ?")) {
                for (String status : List.of(Delivery.DELIVERED, Delivery.DEAD)) {
                    ps.setString(1, status);
                    ps.setTimestamp(2, Timestamp.from(cutoff));
                    n += ps.executeUpdate();
                }
            }
            return n;
        });
    }

    private static List<Delivery> select(Connection c, String where, List<Object> params, String order, int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE " + where + " ORDER BY " + order
                + (limit == Integer.MAX_VALUE ? "" : " FETCH FIRST " + limit + " ROWS ONLY");
        List<Delivery> rows = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int status = rs.getInt(12);
                Integer responseStatus = rs.wasNull() ? null : status;
                rows.add(new Delivery(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getInt(7), instant(rs, 8), instant(rs, 9), instant(rs, 10), instant(rs, 11), responseStatus, rs.getString(13),
                        rs.getString(14), rs.getString(15), rs.getLong(16)));
            }
        }
        return rows;
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP);
        } else {
            ps.setTimestamp(index, Timestamp.from(value));
        }
    }
}
