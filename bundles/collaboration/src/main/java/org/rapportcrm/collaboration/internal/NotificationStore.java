package org.rapportcrm.collaboration.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.collaboration.internal.NotificationKinds.Preference;

/** The SQL of notifications and notification preferences. */
@Component(service = NotificationStore.class)
public class NotificationStore {
    /** Digest states: waiting for the next digest, sent, or not sent because the user has no address. */
    static final String MAIL_PENDING = "P";
    static final String MAIL_SENT = "S";
    static final String MAIL_NO_ADDRESS = "N";

    /** One stored notification of one user. */
    record Stored(long id, String userId, String kind, String title, String body, String recordType, String recordId,
            String actorId, Instant createdAt, Instant readAt) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", String.valueOf(id));
            m.put("kind", kind);
            m.put("title", title);
            m.put("body", body);
            m.put("recordType", recordType);
            m.put("recordId", recordId);
            m.put("actorId", actorId);
            m.put("createdAt", createdAt.toString());
            m.put("read", readAt != null);
            return m;
        }
    }

    /** A page of a user's notifications, and the cursor of the next one (null after the last). */
    record Page(List<Stored> items, String nextCursor) {
    }

    private static final String COLUMNS = "id, user_id, kind, title, body, record_type, record_id, actor_id, created_at, read_at";
    private final Jdbc jdbc;

    @Activate
    public NotificationStore(@Reference(target = "(osgi.jndi.service.name=rapportds-tx)") DataSource dataSource,
            @Reference CollaborationSchema schema) {
        this(new Jdbc(dataSource));
    }

    NotificationStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    long insert(String userId, String kind, String title, String body, String recordType, String recordId, String actorId,
            Instant at, Preference preference, String sourceKey) {
        return jdbc.insert("INSERT INTO collab_notification (user_id, kind, title, body, record_type, record_id, actor_id, created_at,"
                + " in_app, mail_state, source_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", userId, kind, clip(title, 500),
                clip(body, 4000), recordType, recordId, actorId, at, preference.inApp(), preference.email() ? MAIL_PENDING : null, sourceKey);
    }

    /** Whether a notification made from this source (an outbox entry given again) was stored for the user. */
    boolean exists(String userId, String sourceKey) {
        return jdbc.count("SELECT COUNT(*) FROM collab_notification WHERE source_key = ? AND user_id = ?", sourceKey, userId) > 0;
    }

    List<Stored> byIds(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM collab_notification WHERE in_app = TRUE AND id IN (" + Jdbc.marks(ids.size())
                + ") ORDER BY id", NotificationStore::stored, ids.toArray());
    }

    /** The user's notifications after {@code afterId}, oldest first: what a stream that resumes has missed. */
    List<Stored> after(String userId, long afterId, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM collab_notification WHERE user_id = ? AND id > ? AND in_app = TRUE ORDER BY id"
                + " FETCH FIRST " + limit + " ROWS ONLY", NotificationStore::stored, userId, afterId);
    }

    /** The user's notifications made at or after {@code since}, oldest first. */
    List<Stored> since(String userId, Instant since, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM collab_notification WHERE user_id = ? AND created_at >= ? AND in_app = TRUE"
                + " ORDER BY id FETCH FIRST " + limit + " ROWS ONLY", NotificationStore::stored, userId, since);
    }

    /** Cursors: {@code n<id>} newest first, {@code u<id>} and {@code r<id>} in the unread and read parts of unread first. */
    static final String CURSOR = "^[nur][0-9]{1,19}$";

    /**
     * One page, newest first; {@code unreadOnly} lists only unread ones, {@code unreadFirst} all unread ones before the
     * read ones (each part newest first).
     */
    Page page(String userId, boolean unreadOnly, boolean unreadFirst, String cursor, int limit) {
        long before = cursor == null ? Long.MAX_VALUE : Long.parseLong(cursor.substring(1));
        List<Stored> items = new ArrayList<>();
        List<Character> parts = new ArrayList<>();
        if (!unreadFirst || unreadOnly) {
            char part = unreadFirst ? 'u' : 'n';
            list(userId, unreadOnly ? " AND read_at IS NULL" : "", before, limit + 1).forEach(s -> { items.add(s); parts.add(part); });
        } else {
            boolean inRead = cursor != null && cursor.charAt(0) == 'r';
            if (!inRead) {
                list(userId, " AND read_at IS NULL", before, limit + 1).forEach(s -> { items.add(s); parts.add('u'); });
            }
            if (items.size() <= limit) {
                list(userId, " AND read_at IS NOT NULL", inRead ? before : Long.MAX_VALUE, limit + 1 - items.size())
                        .forEach(s -> { items.add(s); parts.add('r'); });
            }
        }
        if (items.size() <= limit) {
            return new Page(items, null);
        }
        return new Page(List.copyOf(items.subList(0, limit)), parts.get(limit - 1) + String.valueOf(items.get(limit - 1).id()));
    }

    private List<Stored> list(String userId, String condition, long beforeId, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM collab_notification WHERE user_id = ? AND in_app = TRUE AND id < ?" + condition
                + " ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY", NotificationStore::stored, userId, beforeId);
    }

    long unreadCount(String userId) {
        return jdbc.count("SELECT COUNT(*) FROM collab_notification WHERE user_id = ? AND read_at IS NULL AND in_app = TRUE", userId);
    }

    /** Marks one of the user's notifications read; false if the user has no such notification. */
    boolean markRead(String userId, long id, Instant at) {
        int changed = jdbc.update("UPDATE collab_notification SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL", at, id, userId);
        return changed > 0 || jdbc.count("SELECT COUNT(*) FROM collab_notification WHERE id = ? AND user_id = ?", id, userId) > 0;
    }

    int markAllRead(String userId, Instant at) {
        return jdbc.update("UPDATE collab_notification SET read_at = ? WHERE user_id = ? AND read_at IS NULL", at, userId);
    }

    Map<String, Preference> preferences(String userId) {
        Map<String, Preference> chosen = new HashMap<>();
        jdbc.query("SELECT kind, in_app, email FROM collab_preference WHERE user_id = ?", rs -> chosen.put(rs.getString("kind"),
                new Preference(rs.getBoolean("in_app"), rs.getBoolean("email"))), userId);
        return chosen;
    }

    /** Call inside a transaction: a delete and an insert. */
    void choose(String userId, String kind, Preference preference) {
        jdbc.update("DELETE FROM collab_preference WHERE user_id = ? AND kind = ?", userId, kind);
        jdbc.update("INSERT INTO collab_preference (user_id, kind, in_app, email) VALUES (?, ?, ?, ?)", userId, kind,
                preference.inApp(), preference.email());
    }

    /** Users with unread notifications waiting for the digest. */
    List<String> usersAwaitingDigest(int limit) {
        return jdbc.query("SELECT DISTINCT user_id FROM collab_notification WHERE mail_state = ? AND read_at IS NULL FETCH FIRST "
                + limit + " ROWS ONLY", rs -> rs.getString(1), MAIL_PENDING);
    }

    /** The user's unread notifications waiting for the digest, oldest first (including those not shown in the centre). */
    List<Stored> awaitingDigest(String userId, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM collab_notification WHERE user_id = ? AND mail_state = ? AND read_at IS NULL"
                + " ORDER BY id FETCH FIRST " + limit + " ROWS ONLY", NotificationStore::stored, userId, MAIL_PENDING);
    }

    void markMailed(List<Long> ids, String state) {
        if (!ids.isEmpty()) {
            List<Object> parameters = new ArrayList<>();
            parameters.add(state);
            parameters.addAll(ids);
            jdbc.update("UPDATE collab_notification SET mail_state = ? WHERE id IN (" + Jdbc.marks(ids.size()) + ")", parameters.toArray());
        }
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        return new Stored(rs.getLong("id"), rs.getString("user_id"), rs.getString("kind"), rs.getString("title"), rs.getString("body"),
                rs.getString("record_type"), rs.getString("record_id"), rs.getString("actor_id"), Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "read_at"));
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
