package org.rapportcrm.marketing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.marketing.api.SegmentMembership;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.platform.core.internal.db.ContributedMigrations;

/**
 * The membership store's writes, which look each contact up by its key (segment, contact) in one batch per chunk of
 * contacts: who enters, who was in already, who leaves, with more contacts than one chunk holds. Derby here;
 * {@link PostgresMembershipStoreTest} runs the same on PostgreSQL.
 */
class MembershipStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private MembershipStore store;

    DataSource database() {
        return CoreFixture.memoryDataSource();
    }

    @BeforeEach
    void open() {
        CoreFixture core = new CoreFixture(database());
        store = new MembershipStore(new ContributedMigrations(core.database), core.database.joiningDataSource());
    }

    private static List<String> contacts(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> String.format("contact-%05d", i)).toList();
    }

    @Test
    void aRunMarksThoseAlreadyInAsSeenLetsOnlyTheNewOnesEnterAndItsSweepRemovesThoseItDidNotSee() {
        assertEquals(contacts(0, 1200), store.mark("s1", contacts(0, 1200), 1, T0), "all new: more than one chunk of 500");

        List<String> second = new ArrayList<>(contacts(600, 1800));
        assertEquals(contacts(1200, 1800), store.mark("s1", second, 2, T0.plusSeconds(60)), "only those not in already enter");
        assertEquals(1800, store.count("s1"));

        assertEquals(600, store.sweep("s1", 2, T0.plusSeconds(30), T0.plusSeconds(90)), "the 600 run 2 did not see leave");
        assertEquals(1200, store.count("s1"));
        assertFalse(store.isMember("s1", "contact-00599"));
        assertTrue(store.isMember("s1", "contact-00600"));
        assertEquals(0, store.count("s2"), "another segment is untouched");
        List<SegmentMembership.MembershipEvent> latest = store.history("s1", null, 1);
        assertFalse(latest.get(0).entered(), "the newest event is an exit");
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
}
