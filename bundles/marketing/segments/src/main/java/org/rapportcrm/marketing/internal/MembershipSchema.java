package org.rapportcrm.marketing.internal;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.rapportcrm.platform.api.metadata.SchemaMigration;

/** The tables of segment membership and the migrations that made them what they are. */
final class MembershipSchema {
    /** The members until migration 5, keyed by segment id. */
    static final String MEMBERS_BY_ID = "marketing_segment_member";
    /** The members, keyed by segment number and contact. */
    static final String MEMBERS = "marketing_segment_members";
    /** Each segment that has had members, with its number. */
    static final String NUMBERS = "marketing_segment_number";
    /** The history until migration 4: an entry or exit to a row. */
    static final String EVENTS = "marketing_segment_event";
    /** The history: a segment's entries or exits of one instant, up to {@link HistoryRows#CONTACTS_PER_ROW} to a row. */
    static final String HISTORY = "marketing_segment_history";
    /** Numbers the history's rows; a row's events are numbered from its number times {@link HistoryRows#EVENTS_PER_ROW}. */
    static final String HISTORY_ROWS = "marketing_segment_history_rows";
    static final String MIGRATIONS_NAME = "org.rapportcrm.marketing.segments";

    /**
     * Members keyed by segment and contact, with the full evaluation that last saw them (see {@link FullEvaluation});
     * the history by segment in order.
     */
    static final SchemaMigration CREATE = SchemaMigration.of(1, "Segment members and their entries and exits", List.of(
            "CREATE TABLE " + MEMBERS_BY_ID + " (segment_id VARCHAR(36) NOT NULL, contact_id VARCHAR(36) NOT NULL, "
                    + "since TIMESTAMP NOT NULL, run BIGINT NOT NULL, PRIMARY KEY (segment_id, contact_id))",
            "CREATE INDEX marketing_sm_contact ON " + MEMBERS_BY_ID + " (contact_id)",
            "CREATE TABLE " + EVENTS + " (id BIGINT GENERATED ALWAYS AS IDENTITY, segment_id VARCHAR(36) NOT NULL, "
                    + "contact_id VARCHAR(36) NOT NULL, entered SMALLINT NOT NULL, happened_at TIMESTAMP NOT NULL, PRIMARY KEY (id))",
            "CREATE INDEX marketing_se_segment ON " + EVENTS + " (segment_id, id)",
            "CREATE INDEX marketing_se_contact ON " + EVENTS + " (contact_id, id)"));

    /** No read asks for a contact's history across segments: its index only cost every entry and exit a write. */
    static final SchemaMigration HISTORY_BY_SEGMENT_ONLY = SchemaMigration.of(2, "Segment history indexed by segment only",
            List.of("DROP INDEX marketing_se_contact"));

    /**
     * The history indexed by segment and id alone, for its only read (a segment's newest first): the key on id was a
     * second index each entry and exit wrote (on Derby 0.5 s of a first evaluation letting 211,430 of 1,000,000
     * contacts in). Derby reads indexes only forwards, so there the index is descending, and a page of a large
     * segment's history is read from it instead of sorting all of that segment's history.
     */
    static final SchemaMigration HISTORY_BY_SEGMENT_NEWEST_FIRST = SchemaMigration.of(3, "Segment history indexed by segment and id, newest first",
            context -> {
                try (Statement s = context.connection().createStatement()) {
                    s.execute("DROP INDEX marketing_se_segment");
                    if ("Derby".equals(context.database())) {
                        s.execute("ALTER TABLE " + EVENTS + " DROP PRIMARY KEY");
                        s.execute("CREATE INDEX marketing_se_segment ON " + EVENTS + " (segment_id, id DESC)");
                    } else {
                        s.execute("ALTER TABLE " + EVENTS + " DROP CONSTRAINT " + EVENTS + "_pkey");
                        s.execute("ALTER TABLE " + EVENTS + " ADD PRIMARY KEY (segment_id, id)");
                    }
                }
            });

    /**
     * The history with the contacts of one instant's entries (or exits) of a segment in one row: a row for each entry
     * cost Derby about 20 µs, which was 4 to 7 s of a first evaluation letting 211,430 of 1,000,000 contacts in. Each
     * event keeps its number: the rows copied from the old table keep their ids as their first (and only) event's
     * number, so journeys' cursors, which hold event numbers, read on where they were; new rows number after them.
     */
    static final SchemaMigration HISTORY_IN_ROWS_OF_CONTACTS = SchemaMigration.of(4, "Segment history with the contacts of one move to a row",
            context -> {
                boolean derby = "Derby".equals(context.database());
                try (Statement s = context.connection().createStatement()) {
                    s.execute("CREATE TABLE " + HISTORY + " (segment_id VARCHAR(36) NOT NULL, first_event BIGINT NOT NULL, "
                            + "entered SMALLINT NOT NULL, happened_at TIMESTAMP NOT NULL, contact_ids VARCHAR(" + HistoryRows.MAX_CHARS + ") NOT NULL"
                            + (derby ? ")" : ", PRIMARY KEY (segment_id, first_event))"));
                    if (derby) { // Derby reads indexes only forwards: descending for the history's newest first
                        s.execute("CREATE UNIQUE INDEX marketing_sh_segment ON " + HISTORY + " (segment_id, first_event DESC)");
                    }
                    s.execute("INSERT INTO " + HISTORY + " (segment_id, first_event, entered, happened_at, contact_ids) "
                            + "SELECT segment_id, id, entered, happened_at, contact_id FROM " + EVENTS);
                    long lastEvent;
                    try (ResultSet rs = s.executeQuery("SELECT MAX(id) FROM " + EVENTS)) {
                        rs.next();
                        lastEvent = rs.getLong(1);
                    }
                    s.execute("CREATE SEQUENCE " + HISTORY_ROWS + " AS BIGINT START WITH " + (lastEvent / HistoryRows.EVENTS_PER_ROW + 1));
                    s.execute("DROP TABLE " + EVENTS);
                }
            });

    /**
     * Members keyed by a number for their segment instead of its 36-character id: Derby writes a character string a
     * character at a time into each row, index entry and log record, and the segment's id was half of what each new
     * member wrote (standalone, 209,833 members of 1,000,000 contacts in one statement: 7.3-8.2 s with the id, 4.8-5.1 s
     * with a number and the ids sorted before the insert).
     */
    static final SchemaMigration MEMBERS_BY_SEGMENT_NUMBER = SchemaMigration.of(5, "Segment members keyed by a number for the segment", List.of(
            "CREATE TABLE " + NUMBERS + " (segment_id VARCHAR(36) NOT NULL PRIMARY KEY, segment_no INT GENERATED ALWAYS AS IDENTITY)",
            "CREATE UNIQUE INDEX marketing_sn_number ON " + NUMBERS + " (segment_no)",
            "CREATE TABLE " + MEMBERS + " (segment_no INT NOT NULL, contact_id VARCHAR(36) NOT NULL, since TIMESTAMP NOT NULL, "
                    + "run BIGINT NOT NULL, PRIMARY KEY (segment_no, contact_id))",
            "CREATE INDEX marketing_sms_contact ON " + MEMBERS + " (contact_id)",
            "INSERT INTO " + NUMBERS + " (segment_id) SELECT DISTINCT segment_id FROM " + MEMBERS_BY_ID,
            "INSERT INTO " + MEMBERS + " (segment_no, contact_id, since, run) SELECT n.segment_no, m.contact_id, m.since, m.run FROM "
                    + MEMBERS_BY_ID + " m JOIN " + NUMBERS + " n ON n.segment_id = m.segment_id",
            "DROP TABLE " + MEMBERS_BY_ID));

    static final List<SchemaMigration> MIGRATIONS = List.of(CREATE, HISTORY_BY_SEGMENT_ONLY, HISTORY_BY_SEGMENT_NEWEST_FIRST,
            HISTORY_IN_ROWS_OF_CONTACTS, MEMBERS_BY_SEGMENT_NUMBER);

    private MembershipSchema() {
    }
}
