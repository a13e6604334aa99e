package org.rapportcrm.platform.core.internal.record;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.IdempotentRequests;
import org.rapportcrm.platform.core.internal.db.Database;

/**
 * Idempotency keys in {@code rapport_idempotency}, one row per user and key: claimed while the request runs, then the
 * kept response, written in the request's own transaction so a response is kept exactly when its work committed.
 */
@Component(service = IdempotentRequests.class)
public class IdempotentRequestStore implements IdempotentRequests {
    private static final String IN_FLIGHT = "IN_FLIGHT";
    private static final String DONE = "DONE";
    private final Database database;

    @Activate
    public IdempotentRequestStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public Claim claim(String userId, String key, String requestHash, Instant abandonedBefore) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // Its own transaction: the claim must be seen by other requests at once, whatever the request does later.
        return database.separateTransaction(c -> {
            // A savepoint: on PostgreSQL a refused insert would otherwise end the whole transaction.
            Savepoint beforeInsert = c.setSavepoint();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO rapport_idempotency (user_id, idem_key, request_hash, "
                    + "state, created_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, userId);
                insert.setString(2, key);
                insert.setString(3, requestHash);
                insert.setString(4, IN_FLIGHT);
                insert.setTimestamp(5, Timestamp.from(now));
                insert.executeUpdate();
                return new Claim(Outcome.CLAIMED, null);
            } catch (SQLException e) {
                if (!database.dialect().isUniqueViolation(e)) {
                    throw e;
                }
                c.rollback(beforeInsert);
            }
            return existing(c, userId, key, requestHash, abandonedBefore, now);
        });
    }

    private Claim existing(Connection c, String userId, String key, String requestHash, Instant abandonedBefore, Instant now)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT request_hash, state, created_at, status, headers, body "
                + "FROM rapport_idempotency WHERE user_id = ? AND idem_key = ?")) {
            select.setString(1, userId);
            select.setString(2, key);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return new Claim(Outcome.IN_FLIGHT, null); // released between insert and select: a retry will claim it
                }
                Instant created = rs.getTimestamp("created_at").toInstant();
                boolean expired = created.isBefore(now.minus(RETENTION));
                if (expired || IN_FLIGHT.equals(rs.getString("state")) && created.isBefore(abandonedBefore)) {
                    return takeOver(c, userId, key, requestHash, created, now);
                }
                if (!rs.getString("request_hash").equals(requestHash)) {
                    return new Claim(Outcome.MISMATCH, null);
                }
                if (IN_FLIGHT.equals(rs.getString("state"))) {
                    return new Claim(Outcome.IN_FLIGHT, null);
                }
                return new Claim(Outcome.REPLAY, new KeptResponse(rs.getInt("status"), headers(rs.getString("headers")), rs.getBytes("body")));
            }
        }
    }

    /** Claims a key whose earlier claim expired or was abandoned, unless another request took it over first. */
    private Claim takeOver(Connection c, String userId, String key, String requestHash, Instant seen, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE rapport_idempotency SET request_hash = ?, state = ?, created_at = ?, "
                + "status = NULL, headers = NULL, body = NULL WHERE user_id = ? AND idem_key = ? AND created_at = ?")) {
            update.setString(1, requestHash);
            update.setString(2, IN_FLIGHT);
            update.setTimestamp(3, Timestamp.from(now));
            update.setString(4, userId);
            update.setString(5, key);
            update.setTimestamp(6, Timestamp.from(seen));
            return new Claim(update.executeUpdate() == 1 ? Outcome.CLAIMED : Outcome.IN_FLIGHT, null);
        }
    }

    @Override
    public void complete(String userId, String key, KeptResponse response) {
        database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE rapport_idempotency SET state = ?, status = ?, headers = ?, "
                    + "body = ? WHERE user_id = ? AND idem_key = ?")) {
                update.setString(1, DONE);
                update.setInt(2, response.status());
                update.setString(3, headerText(response.headers()));
                update.setBytes(4, response.body());
                update.setString(5, userId);
                update.setString(6, key);
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void release(String userId, String key) {
        database.separateTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM rapport_idempotency WHERE user_id = ? AND idem_key = ? "
                    + "AND state = ?")) {
                delete.setString(1, userId);
                delete.setString(2, key);
                delete.setString(3, IN_FLIGHT);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public int expire(Instant before) {
        return database.separateTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM rapport_idempotency WHERE created_at < ?")) {
                delete.setTimestamp(1, Timestamp.from(before));
                return delete.executeUpdate();
            }
        });
    }

    /** Header lines as "Name: value", one per line (values of the kept headers have no line breaks). */
    private static String headerText(Map<String, String> headers) {
        StringBuilder text = new StringBuilder();
        headers.forEach((name, value) -> text.append(name).append(": ").append(value.replaceAll("[\r\n]", " ")).append('\n'));
        return text.toString();
    }

    private static Map<String, String> headers(String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (text != null) {
            text.lines().filter(l -> l.contains(": ")).forEach(l -> headers.put(l.substring(0, l.indexOf(": ")), l.substring(l.indexOf(": ") + 2)));
        }
        return headers;
    }
}
