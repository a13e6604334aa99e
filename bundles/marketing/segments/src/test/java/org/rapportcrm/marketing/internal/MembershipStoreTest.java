package org.rapportcrm.marketing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.marketing.api.SegmentMembership;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.record.RecordSelection;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.platform.core.internal.db.ContributedMigrations;

/**
 * The membership store's writes: a full evaluation from a selection of contacts in the database, and changes by hand
 * that look each contact up by its key (segment, contact) in one batch per chunk, with more contacts than one chunk
 * holds: who enters, who was in already, who leaves. Derby here;
 * {@link PostgresMembershipStoreTest} runs the same on PostgreSQL.
 */
class MembershipStoreTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    CoreFixture core;
    MembershipStore store;

    DataSource database() {
        return CoreFixture.memoryDataSource();
    }

    @BeforeEach
    void open() {
        core = new CoreFixture(database());
        store = new MembershipStore(new ContributedMigrations(core.database), core.database.joiningDataSource());
    }

    private static List<String> contacts(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> String.format("contact-%05d", i)).toList();
    }

    @Test
    void anEvaluationLetsInWhatTheSelectionHoldsKeepsThoseInAlreadyAndLetsTheOthersLeave() {
        List<String> ids = new ArrayList<>();
        for (int from = 0; from < 1800; from += 600) {
            int first = from;
            List<Map<String, Object>> rows = IntStream.range(first, first + 600).mapToObj(i -> Map.<String, Object>of("lastName", "Contact " + i,
                    "title", i < 1200 ? "Buyer" : "Engineer", "department", i < 600 ? "Finance" : "Purchasing")).toList();
            core.records.createAll(Actor.system(), "contact", rows).created().forEach(r -> ids.add(r.getId()));
        }
        RecordSelection buyers = core.records.select(Actor.system(), "contact", FilterExpression.parse("title eq 'Buyer'"));
        RecordSelection purchasing = core.records.select(Actor.system(), "contact", FilterExpression.parse("department eq 'Purchasing'"));

        assertEquals(new MembershipStore.Evaluated(1200, 0), store.evaluate("s1", buyers, 1, T0, T0));
        assertEquals(1200, store.count("s1"));
        assertEquals(1200, store.history("s1", null, 10_000).size(), "an entry each");
        store.change(List.of(new MembershipStore.Change(ids.get(599), List.of(), List.of("s1"))), T0.plusSeconds(40));
        // Back in by a live change after run 2 began, with another segment.
        store.change(List.of(new MembershipStore.Change(ids.get(599), List.of("s1", "s3"), List.of())), T0.plusSeconds(45));

        assertEquals(new MembershipStore.Evaluated(600, 599), store.evaluate("s1", purchasing, 2, T0.plusSeconds(30), T0.plusSeconds(60)),
                "the 600 engineers in purchasing enter; the buyers in finance leave but for the one a live change let in since");
        assertEquals(1201, store.count("s1"));
        assertTrue(store.isMember("s1", ids.get(599)));
        assertFalse(store.isMember("s1", ids.get(598)));
        assertTrue(store.isMember("s1", ids.get(600)) && store.isMember("s1", ids.get(1799)));
        assertEquals(T0, store.members("s1", null, 10_000).stream().filter(m -> m.contactId().equals(ids.get(600))).findFirst().orElseThrow().since(),
                "a buyer in purchasing stays a member since the first run");
        assertEquals(1200 + 2 + 600 + 599, store.history("s1", null, 10_000).size());
        assertFalse(store.history("s1", null, 1).get(0).entered(), "the newest event is an exit");
        assertEquals(0, store.count("s2"), "another segment is untouched");
        Map<String, java.util.Set<String>> segments = store.segmentsOf(ids);
        assertEquals(java.util.Set.of("s1", "s3"), segments.get(ids.get(599)));
        assertEquals(1201, segments.size(), "read in chunks of 500, the contacts in no segment left out");

        assertEquals(new MembershipStore.Evaluated(0, 0), store.evaluate("s1", purchasing, 2, T0.plusSeconds(30), T0.plusSeconds(70)),
                "a run given again changes nothing");
    }

    @Test
    void addingAndRemovingByHandReturnsOnlyTheContactsWhoseMembershipChanged() {
        assertEquals(contacts(0, 700), store.add("list", contacts(0, 700), T0));
        assertEquals(contacts(700, 800), store.add("list", contacts(650, 800), T0.plusSeconds(1)), "those in already stay as they are");
        assertEquals(T0, store.members("list", null, 1).get(0).since(), "a contact added again keeps its first entry");

        List<String> gone = new ArrayList<>(contacts(750, 900));
        assertEquals(contacts(750, 800), store.remove("list", gone, T0.plusSeconds(2)), "only members leave");
        assertEquals(750, store.count("list"));
        assertEquals(800 + 50, store.history("list", null, 10_000).size(), "800 entries and 50 exits, one event each");
    }

    @Test
    void theHistoryPagesThroughEveryEventOnceNewestFirstWhateverThePageSize() {
        store.add("list", contacts(0, 2000), T0);
        store.remove("list", contacts(500, 1300), T0.plusSeconds(1));
        store.add("list", contacts(1000, 1001), T0.plusSeconds(2));
        List<SegmentMembership.MembershipEvent> all = store.history("list", null, 10_000);
        assertEquals(2000 + 800 + 1, all.size());
        assertEquals("contact-01000 entered", describe(all.get(0)));
        assertEquals("contact-01299 left", describe(all.get(1)), "then the exits, the last first");
        assertEquals("contact-01999 entered", describe(all.get(801)), "then the entries, the last first");
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i).id() < all.get(i - 1).id(), "numbered in the order they happened: " + all.get(i));
        }

        for (int pageSize : List.of(1, 7, 799, 800, 801)) {
            List<SegmentMembership.MembershipEvent> paged = new ArrayList<>();
            Long before = null;
            List<SegmentMembership.MembershipEvent> page;
            do {
                page = store.history("list", before, pageSize);
                paged.addAll(page);
                before = page.isEmpty() ? null : page.get(page.size() - 1).id();
            } while (page.size() == pageSize);
            assertEquals(all, paged, "pages of " + pageSize);
        }
    }

    /** Journeys keep the number of the last event they read: it must mean the same event after the upgrade. */
    @Test
    void historyWrittenWhenEachEventHadARowKeepsItsNumbersAndNewEventsNumberAfterIt() throws SQLException {
        CoreFixture before = databaseAt(3, "INSERT INTO " + MembershipSchema.EVENTS + " (segment_id, contact_id, entered, happened_at) "
                + "VALUES (?, ?, CAST(? AS SMALLINT), ?)", new String[][] {{"s1", "anna", "1"}, {"s2", "bob", "1"}, {"s1", "anna", "0"}, {"s1", "bob", "1"}});
        List<Long> numbers = new ArrayList<>();
        try (Connection c = before.dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM " + MembershipSchema.EVENTS + " WHERE segment_id = 's1' ORDER BY id DESC")) {
            while (rs.next()) {
                numbers.add(rs.getLong(1));
            }
        }

        MembershipStore upgraded = new MembershipStore(new ContributedMigrations(before.database), before.database.joiningDataSource());
        List<SegmentMembership.MembershipEvent> history = upgraded.history("s1", null, 10);
        assertEquals(List.of("bob entered", "anna left", "anna entered"), history.stream().map(MembershipStoreTest::describe).toList());
        assertEquals(numbers, history.stream().map(SegmentMembership.MembershipEvent::id).toList());
        assertEquals(List.of("anna left", "anna entered"), upgraded.history("s1", numbers.get(0), 10).stream().map(MembershipStoreTest::describe).toList(),
                "a cursor kept from before reads on where it was");

        upgraded.add("s1", List.of("carl"), T0.plusSeconds(1));
        SegmentMembership.MembershipEvent carl = upgraded.history("s1", null, 1).get(0);
        assertEquals("carl entered", describe(carl));
        assertTrue(carl.id() > numbers.get(0), "after the newest event of before: " + carl.id());
    }

    @Test
    void membersKeyedBySegmentIdBeforeTheUpgradeAreTheSameMembersAfterIt() throws SQLException {
        CoreFixture before = databaseAt(4, "INSERT INTO " + MembershipSchema.MEMBERS_BY_ID + " (segment_id, contact_id, run, since) VALUES (?, ?, 3, ?)",
                new String[][] {{"s1", "anna"}, {"s1", "bob"}, {"s2", "bob"}});

        MembershipStore upgraded = new MembershipStore(new ContributedMigrations(before.database), before.database.joiningDataSource());
        assertEquals(2, upgraded.count("s1"));
        assertEquals(List.of(new SegmentMembership.Member("anna", T0), new SegmentMembership.Member("bob", T0)), upgraded.members("s1", null, 10));
        assertEquals(java.util.Set.of("s1", "s2"), java.util.Set.copyOf(upgraded.segmentsOf("bob")));
        assertEquals(List.of("carl"), upgraded.add("s1", List.of("bob", "carl"), T0.plusSeconds(1)), "bob is in already");
        assertEquals(List.of("s1", "s2"), upgraded.removeContact("bob", T0.plusSeconds(2)).stream().sorted().toList());
        assertEquals(0, upgraded.count("s2"));
        assertEquals(0, upgraded.count("never-had-members"));
        assertFalse(upgraded.isMember("never-had-members", "anna"));
    }

    /** A database with the membership tables the first {@code migrations} made, and the rows inserted, each at T0. */
    private CoreFixture databaseAt(int migrations, String insert, String[][] rows) throws SQLException {
        CoreFixture before = new CoreFixture(database());
        new ContributedMigrations(before.database).migrate(MembershipSchema.MIGRATIONS_NAME, MembershipSchema.MIGRATIONS.subList(0, migrations));
        try (Connection c = before.dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(insert)) {
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    ps.setString(i + 1, row[i]);
                }
                ps.setTimestamp(row.length + 1, Timestamp.from(T0));
                ps.executeUpdate();
            }
        }
        return before;
    }

    private static String describe(SegmentMembership.MembershipEvent event) {
        return event.contactId() + (event.entered() ? " entered" : " left");
    }
}
