package org.rapportcrm.marketing.internal;

import static org.rapportcrm.marketing.internal.MembershipSchema.HISTORY;
import static org.rapportcrm.marketing.internal.MembershipSchema.MEMBERS;
import static org.rapportcrm.marketing.internal.MembershipSchema.NUMBERS;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.api.SegmentMembership;
import org.rapportcrm.platform.api.metadata.JdbcWork;
import org.rapportcrm.platform.api.metadata.SchemaMigrations;
import org.rapportcrm.platform.api.record.RecordSelection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segment membership in the capability's own tables: who is in a segment since when, and every entry and exit. Plain
 * JDBC rather than records: a re-evaluation writes up to one row per contact, where a record's validation, audit and
 * outbox entry would cost several writes each. Each change of membership and its history commit together.
 */
@Component(service = {MembershipStore.class, SegmentMembership.class})
public class MembershipStore implements SegmentMembership {
    private static final Logger LOG = LoggerFactory.getLogger(MembershipStore.class);
    /** Entries and exits of one full evaluation after which PostgreSQL's statistics of membership are refreshed. */
    static final int STATISTICS_AFTER_MOVES = 1_000;
    /** Most parameters in one IN list (Derby compiles each distinct statement). */
    private static final int IN_LIST = 500;
    private static final List<Integer> IN_LENGTHS = List.of(1, 10, 100, IN_LIST);

    private final DataSource dataSource;

    @Activate
    public MembershipStore(@Reference SchemaMigrations schema, @Reference(target = SchemaMigrations.DATA_SOURCE) DataSource dataSource) {
        schema.migrate(MembershipSchema.MIGRATIONS_NAME, MembershipSchema.MIGRATIONS);
        this.dataSource = dataSource;
    }

    private <T> T inTransaction(JdbcWork.Work<T> work) {
        return JdbcWork.inTransaction(dataSource, "Segment membership", work);
    }

    private <T> T read(JdbcWork.Work<T> work) {
        return JdbcWork.read(dataSource, "Segment membership", work);
    }

    @Override
    public boolean isMember(String segmentId, String contactId) {
        return read(c -> {
            Integer number = SegmentNumbers.find(c, segmentId);
            if (number == null) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + MEMBERS + " WHERE segment_no = ? AND contact_id = ?")) {
                ps.setInt(1, number);
                ps.setString(2, contactId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public long count(String segmentId) {
        return read(c -> {
            Integer number = SegmentNumbers.find(c, segmentId);
            if (number == null) {
                return 0L;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + MEMBERS + " WHERE segment_no = ?")) {
                ps.setInt(1, number);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public List<Member> members(String segmentId, String afterContactId, int limit) {
        return read(c -> {
            Integer number = SegmentNumbers.find(c, segmentId);
            if (number == null) {
                return List.<Member>of();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT contact_id, since FROM " + MEMBERS
                    + " WHERE segment_no = ? AND contact_id > ? ORDER BY contact_id")) {
                ps.setInt(1, number);
                ps.setString(2, afterContactId == null ? "" : afterContactId);
                ps.setMaxRows(limit);
                List<Member> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Member(rs.getString(1), rs.getTimestamp(2).toInstant()));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public void forEachMember(String segmentId, Consumer<String> action) {
        String after = null;
        List<Member> page;
        do {
            page = members(segmentId, after, 1000);
            page.forEach(m -> action.accept(m.contactId()));
            after = page.isEmpty() ? null : page.get(page.size() - 1).contactId();
        } while (page.size() == 1000);
    }

    @Override
    public List<MembershipEvent> history(String segmentId, Long beforeId, int limit) {
        return read(c -> HistoryRows.read(c, segmentId, beforeId, limit));
    }

    @Override
    public List<String> segmentsOf(String contactId) {
        return read(c -> segmentsOf(c, contactId));
    }

    private static List<String> segmentsOf(Connection c, String contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT n.segment_id FROM " + MEMBERS + " m JOIN " + NUMBERS
                + " n ON n.segment_no = m.segment_no WHERE m.contact_id = ?")) {
            ps.setString(1, contactId);
            List<String> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return found;
        }
    }

    /** The dynamic segments one contact enters and leaves. */
    record Change(String contactId, List<String> entered, List<String> exited) {
    }

    /** The segments each of the contacts is in (those in none are left out), read a chunk of contacts at a time. */
    Map<String, Set<String>> segmentsOf(Collection<String> contactIds) {
        return read(c -> {
            Map<String, Set<String>> found = new HashMap<>();
            for (List<String> chunk : chunks(contactIds)) {
                // A few list lengths only, padded with the last id: Derby compiles each distinct statement once.
                int length = IN_LENGTHS.stream().filter(n -> n >= chunk.size()).findFirst().orElseThrow();
                try (PreparedStatement ps = c.prepareStatement("SELECT m.contact_id, n.segment_id FROM " + MEMBERS + " m JOIN " + NUMBERS
                        + " n ON n.segment_no = m.segment_no WHERE m.contact_id IN ("
                        + String.join(", ", Collections.nCopies(length, "?")) + ")")) {
                    for (int i = 0; i < length; i++) {
                        ps.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                        }
                    }
                }
            }
            return found;
        });
    }

    /** One contact into or out of one segment. */
    private record Move(String segmentId, String contactId, boolean entered) {
    }

    private static List<Move> moves(List<Change> changes) {
        List<Move> moves = new ArrayList<>();
        for (Change change : changes) {
            change.entered().forEach(segment -> moves.add(new Move(segment, change.contactId(), true)));
            change.exited().forEach(segment -> moves.add(new Move(segment, change.contactId(), false)));
        }
        return moves;
    }

    /** Contacts into and out of segments, with the history, in one transaction. */
    void change(List<Change> changes, Instant at) {
        List<Move> moves = moves(changes);
        if (moves.isEmpty()) {
            return;
        }
        Timestamp time = Timestamp.from(at);
        inTransaction(c -> {
            if (isPostgres(c)) {
                changeInOneTrip(c, moves, time);
                return null;
            }
            Map<String, Integer> numbers = new HashMap<>();
            for (Move move : moves) {
                if (!numbers.containsKey(move.segmentId())) {
                    numbers.put(move.segmentId(), SegmentNumbers.of(c, move.segmentId(), false));
                }
            }
            try (PreparedStatement enter = c.prepareStatement("INSERT INTO " + MEMBERS + " (segment_no, contact_id, since, run) VALUES (?, ?, ?, 0)");
                    PreparedStatement leave = c.prepareStatement("DELETE FROM " + MEMBERS + " WHERE segment_no = ? AND contact_id = ?");
                    HistoryRows.Writer history = new HistoryRows.Writer(c, false, time)) {
                HistoryRows rows = new HistoryRows(history);
                for (Move move : moves) {
                    PreparedStatement membership = move.entered() ? enter : leave;
                    membership.setInt(1, numbers.get(move.segmentId()));
                    membership.setString(2, move.contactId());
                    if (move.entered()) {
                        enter.setTimestamp(3, time);
                    }
                    membership.addBatch();
                    rows.add(move.segmentId(), move.contactId(), move.entered());
                }
                enter.executeBatch();
                leave.executeBatch();
                rows.finish();
            }
            return null;
        });
    }

    /**
     * PostgreSQL: the entries, exits and their history as one statement over arrays, sent with the commit setting in
     * one round trip. Each round trip waits for the database's process to be scheduled, which on a busy machine was
     * most of a change's upkeep. A segment's first member gives it its number in the same statement; should another
     * transaction give it at the same moment, the entry has no number, the statement fails and the batch is given
     * again.
     */
    private static void changeInOneTrip(Connection c, List<Move> moves, Timestamp time) throws SQLException {
        List<HistoryRows.Row> history = new ArrayList<>();
        HistoryRows rows = new HistoryRows(history::add);
        for (Move move : moves) {
            rows.add(move.segmentId(), move.contactId(), move.entered());
        }
        rows.finish();
        // No wait for the disk at this commit: the outbox position moved after it is written durably, and PostgreSQL's
        // log holds this commit before that one, so a crash loses neither or both (and the batch is given again).
        try (PreparedStatement ps = c.prepareStatement("SET LOCAL synchronous_commit TO OFF; "
                + "WITH moved AS (SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::boolean[]) AS m(segment_id, contact_id, entered)), "
                + "given AS (INSERT INTO " + NUMBERS + " (segment_id) SELECT DISTINCT segment_id FROM moved ON CONFLICT (segment_id) DO NOTHING "
                + "RETURNING segment_id, segment_no), "
                + "numbered AS (SELECT m.contact_id, m.entered, coalesce(g.segment_no, n.segment_no) AS segment_no FROM moved m "
                + "LEFT JOIN given g ON g.segment_id = m.segment_id LEFT JOIN " + NUMBERS + " n ON n.segment_id = m.segment_id), "
                + "entries AS (INSERT INTO " + MEMBERS + " (segment_no, contact_id, since, run) SELECT segment_no, contact_id, ?, 0 FROM numbered WHERE entered), "
                + "exits AS (DELETE FROM " + MEMBERS + " x USING numbered WHERE NOT numbered.entered AND x.segment_no = numbered.segment_no "
                + "AND x.contact_id = numbered.contact_id) "
                + "INSERT INTO " + HISTORY + " (segment_id, first_event, entered, happened_at, contact_ids) "
                + "SELECT segment_id, " + HistoryRows.nextFirstEvent(true) + ", CASE WHEN entered THEN 1 ELSE 0 END, ?, contact_ids "
                + "FROM unnest(?::varchar[], ?::boolean[], ?::varchar[]) WITH ORDINALITY AS h(segment_id, entered, contact_ids, n) ORDER BY n")) {
            ps.setArray(1, c.createArrayOf("varchar", moves.stream().map(Move::segmentId).toArray()));
            ps.setArray(2, c.createArrayOf("varchar", moves.stream().map(Move::contactId).toArray()));
            ps.setArray(3, c.createArrayOf("boolean", moves.stream().map(Move::entered).toArray()));
            ps.setTimestamp(4, time);
            ps.setTimestamp(5, time);
            ps.setArray(6, c.createArrayOf("varchar", history.stream().map(HistoryRows.Row::segmentId).toArray()));
            ps.setArray(7, c.createArrayOf("boolean", history.stream().map(HistoryRows.Row::entered).toArray()));
            ps.setArray(8, c.createArrayOf("varchar", history.stream().map(HistoryRows.Row::contactIds).toArray()));
            ps.execute();
        }
    }

    private static boolean isPostgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().startsWith("PostgreSQL");
    }

    /** What a full evaluation changed. */
    record Evaluated(int entered, int left) {
    }

    /**
     * Makes the segment's members the contacts {@code matching} selects, in the database and in one transaction (see
     * {@link FullEvaluation}).
     */
    Evaluated evaluate(String segmentId, RecordSelection matching, long run, Instant runStart, Instant at) {
        Evaluated done;
        try {
            done = evaluate(segmentId, matching, run, runStart, at, false);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                // A live change let the first member in while a new segment's evaluation skipped the look-up: again, with it.
                done = evaluate(segmentId, matching, run, runStart, at, true);
            } else {
                throw e;
            }
        }
        if (done.entered() + done.left() >= STATISTICS_AFTER_MOVES) {
            refreshStatistics();
        }
        return done;
    }

    /**
     * PostgreSQL: the planner's statistics of the membership tables, after an evaluation changed many rows. Until
     * autovacuum came round to them (a minute or more), a new segment's members were unknown to it: it read all
     * members for each batch of live changes instead of those of its contacts (16-62 ms a batch instead of 1 ms at
     * 100,000 members). Derby keeps its index statistics by itself.
     */
    private void refreshStatistics() {
        try {
            read(c -> {
                if (isPostgres(c)) {
                    try (Statement s = c.createStatement()) {
                        s.execute("ANALYZE " + MEMBERS + ", " + NUMBERS + ", " + HISTORY);
                    }
                }
                return null;
            });
        } catch (IllegalStateException e) {
            LOG.warn("Statistics of segment membership not refreshed; autovacuum will: {}", e.getMessage());
        }
    }

    private Evaluated evaluate(String segmentId, RecordSelection matching, long run, Instant runStart, Instant at, boolean lookUp) {
        // PostgreSQL keeps microseconds: the instant the new members are found by is the one it stored.
        Timestamp time = Timestamp.from(at.truncatedTo(ChronoUnit.MICROS));
        return inTransaction(c -> {
            boolean postgres = isPostgres(c);
            return new FullEvaluation(c, postgres, segmentId, SegmentNumbers.of(c, segmentId, postgres), run)
                    .apply(matching, Timestamp.from(runStart), time, lookUp);
        });
    }

    /** Adds contacts to a (static) segment; those already in stay as they are. Returns those that entered. */
    List<String> add(String segmentId, Collection<String> contactIds, Instant at) {
        return inTransaction(c -> {
            List<String> entered = new ArrayList<>();
            int number = SegmentNumbers.of(c, segmentId, isPostgres(c));
            for (List<String> chunk : chunks(contactIds)) {
                entered.addAll(insertAbsent(c, segmentId, number, chunk, at));
            }
            return entered;
        });
    }

    /** Removes contacts from a segment. Returns those that were in it. */
    List<String> remove(String segmentId, Collection<String> contactIds, Instant at) {
        return inTransaction(c -> {
            List<String> left = new ArrayList<>();
            Integer number = SegmentNumbers.find(c, segmentId);
            if (number == null) {
                return left;
            }
            for (List<String> chunk : chunks(contactIds)) {
                List<String> present = matching(chunk, deleteRows(c, number, chunk), true);
                history(c, segmentId, present, false, Timestamp.from(at));
                left.addAll(present);
            }
            return left;
        });
    }

    /** A deleted contact leaves every segment. Returns the segments it was in. */
    List<String> removeContact(String contactId, Instant at) {
        return inTransaction(c -> {
            List<String> segments = segmentsOf(c, contactId);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + MEMBERS + " WHERE contact_id = ?")) {
                ps.setString(1, contactId);
                ps.executeUpdate();
            }
            for (String segment : segments) {
                history(c, segment, List.of(contactId), false, Timestamp.from(at));
            }
            return segments;
        });
    }

    /** A deleted segment has no members; its history stays. */
    void dropSegment(String segmentId) {
        inTransaction(c -> {
            Integer number = SegmentNumbers.find(c, segmentId);
            if (number == null) {
                return 0;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + MEMBERS + " WHERE segment_no = ?")) {
                ps.setInt(1, number);
                return ps.executeUpdate();
            }
        });
    }

    /** What a batched statement does per contact, for {@link #perContact}. */
    private interface Binder {
        void bind(PreparedStatement ps, String contactId) throws SQLException;
    }

    /**
     * Runs one statement per contact as a batch and returns the rows each changed: one key lookup per contact in the
     * primary key (segment, contact), where an IN list of many contacts makes Derby scan the segment's rows.
     */
    private static int[] perContact(Connection c, String sql, List<String> contactIds, Binder binder) throws SQLException {
        if (contactIds.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (String id : contactIds) {
                binder.bind(ps, id);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    /** The contacts whose statement changed a row ({@code changed}) or changed none. */
    private static List<String> matching(List<String> contactIds, int[] counts, boolean changed) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < contactIds.size(); i++) {
            if ((counts[i] > 0) == changed) {
                found.add(contactIds.get(i));
            }
        }
        return found;
    }

    /**
     * Adds those of the contacts that are not members (one key lookup each, in the insert) with their entry in the
     * history; returns those added.
     */
    private static List<String> insertAbsent(Connection c, String segmentId, int number, List<String> contactIds, Instant at) throws SQLException {
        Timestamp time = Timestamp.from(at);
        int[] counts = perContact(c, "INSERT INTO " + MEMBERS + " (segment_no, contact_id, since, run) SELECT CAST(? AS INT), "
                + "CAST(? AS VARCHAR(36)), CAST(? AS TIMESTAMP), 0 FROM (VALUES (1)) AS one(x) WHERE NOT EXISTS (SELECT 1 FROM "
                + MEMBERS + " WHERE segment_no = ? AND contact_id = ?)", contactIds, (ps, id) -> {
                    ps.setInt(1, number);
                    ps.setString(2, id);
                    ps.setTimestamp(3, time);
                    ps.setInt(4, number);
                    ps.setString(5, id);
                });
        List<String> added = matching(contactIds, counts, true);
        history(c, segmentId, added, true, time);
        return added;
    }

    private static int[] deleteRows(Connection c, int number, List<String> contactIds) throws SQLException {
        return perContact(c, "DELETE FROM " + MEMBERS + " WHERE segment_no = ? AND contact_id = ?", contactIds, (ps, id) -> {
            ps.setInt(1, number);
            ps.setString(2, id);
        });
    }

    private static void history(Connection c, String segmentId, List<String> contactIds, boolean entered, Timestamp at) throws SQLException {
        if (contactIds.isEmpty()) {
            return;
        }
        try (HistoryRows.Writer writer = new HistoryRows.Writer(c, isPostgres(c), at)) {
            HistoryRows rows = new HistoryRows(writer);
            for (String id : contactIds) {
                rows.add(segmentId, id, entered);
            }
            rows.finish();
        }
    }

    private static List<List<String>> chunks(Collection<String> ids) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i += IN_LIST) {
            chunks.add(distinct.subList(i, Math.min(distinct.size(), i + IN_LIST)));
        }
        return chunks;
    }
}
