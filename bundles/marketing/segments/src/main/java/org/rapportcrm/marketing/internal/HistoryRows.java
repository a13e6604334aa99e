package org.rapportcrm.marketing.internal;

import static org.rapportcrm.marketing.internal.MembershipSchema.HISTORY;
import static org.rapportcrm.marketing.internal.MembershipSchema.HISTORY_ROWS;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rapportcrm.marketing.api.SegmentMembership.MembershipEvent;

/**
 * Segment history as it is stored: the contacts that entered (or left) one segment at one instant, up to
 * {@value #CONTACTS_PER_ROW} to a row, their ids joined by commas. The events of a row are numbered from its
 * {@code first_event} on, in the order of its contacts; a row written here starts at its number from
 * {@link MembershipSchema#HISTORY_ROWS} times {@value #EVENTS_PER_ROW}, so events number in the order their rows were
 * written, as they did when each had a row.
 */
final class HistoryRows {
    static final int CONTACTS_PER_ROW = 800;
    static final int EVENTS_PER_ROW = 1024;
    /** A contact id has 36 characters at most (the members' column), each but the last followed by a comma. */
    static final int MAX_CHARS = CONTACTS_PER_ROW * 37 - 1;
    private static final String SEPARATOR = ",";
    private static final int ROWS_PER_BATCH = 50;

    /** One row: a segment's contacts that entered, or left, at one instant. */
    record Row(String segmentId, boolean entered, String contactIds) {
    }

    /** Where finished rows go. */
    interface Sink {
        void accept(Row row) throws SQLException;
    }

    private record Key(String segmentId, boolean entered) {
    }

    private final Sink sink;
    private final Map<Key, List<String>> open = new LinkedHashMap<>();

    HistoryRows(Sink sink) {
        this.sink = sink;
    }

    void add(String segmentId, String contactId, boolean entered) throws SQLException {
        Key key = new Key(segmentId, entered);
        List<String> contacts = open.computeIfAbsent(key, k -> new ArrayList<>());
        contacts.add(contactId);
        if (contacts.size() == CONTACTS_PER_ROW) {
            open.remove(key);
            sink.accept(new Row(segmentId, entered, String.join(SEPARATOR, contacts)));
        }
    }

    /** Hands on the rows not yet full. */
    void finish() throws SQLException {
        for (Iterator<Map.Entry<Key, List<String>>> rows = open.entrySet().iterator(); rows.hasNext();) {
            Map.Entry<Key, List<String>> row = rows.next();
            rows.remove();
            sink.accept(new Row(row.getKey().segmentId(), row.getKey().entered(), String.join(SEPARATOR, row.getValue())));
        }
    }

    /** The SQL expression of a new row's first event number. */
    static String nextFirstEvent(boolean postgres) {
        return (postgres ? "nextval('" + HISTORY_ROWS + "')" : "NEXT VALUE FOR " + HISTORY_ROWS) + " * " + EVENTS_PER_ROW;
    }

    /** Rows of one instant inserted on the transaction's connection, in batches; {@link #close()} writes the last. */
    static final class Writer implements Sink, AutoCloseable {
        private final PreparedStatement insert;
        private final Timestamp at;
        private int batched;

        Writer(Connection c, boolean postgres, Timestamp at) throws SQLException {
            this.insert = c.prepareStatement("INSERT INTO " + HISTORY + " (segment_id, first_event, entered, happened_at, contact_ids) VALUES (?, "
                    + nextFirstEvent(postgres) + ", ?, ?, ?)");
            this.at = at;
        }

        @Override
        public void accept(Row row) throws SQLException {
            insert.setString(1, row.segmentId());
            insert.setInt(2, row.entered() ? 1 : 0);
            insert.setTimestamp(3, at);
            insert.setString(4, row.contactIds());
            insert.addBatch();
            if (++batched == ROWS_PER_BATCH) {
                insert.executeBatch();
                batched = 0;
            }
        }

        @Override
        public void close() throws SQLException {
            try (insert) {
                if (batched > 0) {
                    insert.executeBatch();
                }
            }
        }
    }

    /** A segment's events numbered below {@code beforeEvent} (all when null), newest first, at most {@code limit}. */
    static List<MembershipEvent> read(Connection c, String segmentId, Long beforeEvent, int limit) throws SQLException {
        long before = beforeEvent == null ? Long.MAX_VALUE : beforeEvent;
        List<MembershipEvent> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT first_event, contact_ids, entered, happened_at FROM " + HISTORY
                + " WHERE segment_id = ? AND first_event < ? ORDER BY first_event DESC")) {
            ps.setString(1, segmentId);
            ps.setLong(2, before);
            ps.setMaxRows(limit); // each row read has an event below the bound
            try (ResultSet rs = ps.executeQuery()) {
                while (found.size() < limit && rs.next()) {
                    long first = rs.getLong(1);
                    String[] contacts = rs.getString(2).split(SEPARATOR);
                    boolean entered = rs.getInt(3) == 1;
                    Timestamp at = rs.getTimestamp(4);
                    for (int i = (int) Math.min(contacts.length, before - first) - 1; i >= 0 && found.size() < limit; i--) {
                        found.add(new MembershipEvent(first + i, segmentId, contacts[i], entered, at.toInstant()));
                    }
                }
            }
        }
        return found;
    }
}
