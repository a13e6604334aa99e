package org.rapportcrm.marketing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rapportcrm.platform.core.internal.CoreFixture.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.marketing.api.SegmentMembership;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;

class SegmentsTest {
    private final MarketingFixture m = new MarketingFixture().live();

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void aContactEntersADynamicSegmentOnceItMatchesAndLeavesWhenItStopsMatching() {
        Record germany = m.segment("Germany", "country eq 'Germany'", null);
        m.evaluate();
        Record anna = m.contact("Anna", "Germany", null);
        Record bob = m.contact("Bob", "France", null);
        await("Anna enters", () -> m.store.isMember(germany.getId(), anna.getId()), 20);
        assertFalse(m.store.isMember(germany.getId(), bob.getId()));

        m.update(anna, Map.of("country", "Austria"));
        m.update(bob, Map.of("country", "Germany"));
        await("Anna leaves and Bob enters", () -> !m.store.isMember(germany.getId(), anna.getId()) && m.store.isMember(germany.getId(), bob.getId()), 20);
        // Timed once per contact and outbox batch, after the batch commits: at least the creations' batch and the updates'.
        await("the upkeep timed", () -> (Long) m.upkeep.summary().get("changes") >= 2, 20);

        List<String> history = m.store.history(germany.getId(), null, 10).stream()
                .map(e -> (e.contactId().equals(anna.getId()) ? "Anna" : "Bob") + (e.entered() ? " entered" : " exited")).toList();
        assertEquals(List.of("Bob entered", "Anna exited", "Anna entered"), history, "newest first, in commit order");
        // The events follow the membership's commit.
        await("the entry and exit events", () -> m.events.containsAll(List.of("marketing.segment-entered Anna Germany",
                "marketing.segment-exited Anna Germany", "marketing.segment-entered Bob Germany")), 20);
    }

    @Test
    void aChangeOfTheAccountMovesItsContactsInAndOutOfSegmentsThatReachTheAccount() {
        Record account = m.create("account", Map.of("name", "Kraftwerk GmbH", "accountType", "Prospect"));
        Record customers = m.segment("German customers", "country eq 'Germany'", "accountType eq 'Customer'");
        m.evaluate();
        Record anna = m.contact("Anna", "Germany", account);
        Record noAccount = m.contact("Nobody", "Germany", null);
        m.update(account, Map.of("accountType", "Customer"));
        await("Anna enters with her account", () -> m.store.isMember(customers.getId(), anna.getId()), 20);
        m.update(account, Map.of("accountType", "Partner"));
        await("Anna leaves with her account", () -> !m.store.isMember(customers.getId(), anna.getId()), 20);
        assertFalse(m.store.isMember(customers.getId(), noAccount.getId()), "a contact without an account never matches an account filter");
    }

    @Test
    void aNewOrChangedDefinitionIsEvaluatedInFullBySql() {
        Record account = m.create("account", Map.of("name", "Kraftwerk GmbH", "accountType", "Customer"));
        for (int i = 0; i < 25; i++) {
            m.contact("German" + i, "Germany", i % 2 == 0 ? account : null);
            m.contact("French" + i, "France", null);
        }
        // Contacts the upkeep saw only after the segments existed would enter live, with automation events.
        await("the upkeep saw the contacts", () -> (Long) m.upkeep.summary().get("changes") >= 50, 20);
        Record germany = m.segment("Germany", "country eq 'Germany'", null);
        Record customers = m.segment("German customers", "country eq 'Germany'", "accountType eq 'Customer'");
        m.evaluate();
        assertEquals(25, m.store.count(germany.getId()));
        assertEquals(13, m.store.count(customers.getId()));

        m.update(germany, Map.of("filter", "country eq 'France'"));
        m.evaluate();
        assertEquals(25, m.store.count(germany.getId()));
        assertEquals(75, m.store.history(germany.getId(), null, 1000).size(), "25 entered, left, and 25 others entered");
        assertTrue(m.events.isEmpty(), "a changed definition is history, not 50 automation events: " + m.events);
    }

    @Test
    void aDefinitionThatDoesNotCompileIsRefusedNamingTheField() {
        ValidationException contact = assertThrows(ValidationException.class, () -> m.segment("Bad", "nosuchfield eq 1", null));
        assertEquals("filter", contact.getErrors().get(0).field());
        ValidationException account = assertThrows(ValidationException.class, () -> m.segment("Bad", "country eq 'X'", "accountType eq"));
        assertEquals("accountFilter", account.getErrors().get(0).field());
    }

    @Test
    void theBuilderCountsWhatADefinitionMatchesNow() {
        Record account = m.create("account", Map.of("name", "Kraftwerk GmbH", "accountType", "Customer"));
        for (int i = 0; i < 12; i++) {
            m.contact("German" + i, "Germany", i < 4 ? account : null);
        }
        m.contact("Pierre", "France", account);
        assertEquals(12, m.preview.preview(Actor.system(), "country eq 'Germany'", null).count());
        assertEquals(10, m.preview.preview(Actor.system(), "country eq 'Germany'", null).sample().size());
        SegmentPreview.Preview customers = m.preview.preview(Actor.system(), "country eq 'Germany'", "accountType eq 'Customer'");
        assertEquals(4, customers.count());
        assertEquals(4, customers.sample().size());
        assertEquals(13, m.preview.preview(Actor.system(), null, null).count());
    }

    @Test
    void aStaticListTakesContactsByIdEmailCsvAndFilterAndReportsWhatMatchedNone() throws Exception {
        Record list = m.staticList("Fair visitors");
        Record anna = m.contact("Anna", "Germany", null);
        Record bob = m.contact("Bob", "France", null);
        Record carl = m.contact("Carl", "Italy", null);
        m.contact("Dora", "Italy", null);

        StaticLists.Added byHand = m.lists.add(Actor.system(), list.getId(), List.of(anna.getId(), "no-such-id"), List.of("bob@example.com", "nobody@example.com"));
        assertEquals(2, byHand.added());
        assertEquals(List.of("no-such-id", "nobody@example.com"), byHand.unmatched());

        String csv = "Name,Email\nCarl,carl@example.com\nAnna again,anna@example.com\n";
        StaticLists.Added fromCsv = m.lists.addCsv(Actor.system(), list.getId(), new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, fromCsv.added(), "Anna was in already");
        assertEquals(3, m.store.count(list.getId()));

        assertEquals(1, m.lists.addMatching(Actor.system(), list.getId(), "country eq 'Italy'").added());
        assertEquals(1, m.lists.remove(Actor.system(), list.getId(), List.of(bob.getId())));
        Set<String> members = Set.copyOf(m.store.members(list.getId(), null, 10).stream().map(SegmentMembership.Member::contactId).toList());
        assertEquals(3, members.size());
        assertTrue(members.containsAll(Set.of(anna.getId(), carl.getId())) && !members.contains(bob.getId()), members.toString());
        assertEquals(3, m.store.count(list.getId()));
        m.update(carl, Map.of("country", "Spain"));
        m.create("contact", Map.of("lastName", "Emil", "country", "Italy"));
        assertEquals(3, m.store.count(list.getId()), "a static list does not follow changes");
    }

    @Test
    void onlyAStaticListThatTheActorMayEditIsChangedByHand() {
        Record dynamic = m.segment("Germany", "country eq 'Germany'", null);
        Record anna = m.contact("Anna", "Germany", null);
        RestException refused = assertThrows(RestException.class, () -> m.lists.add(Actor.system(), dynamic.getId(), List.of(anna.getId()), List.of()));
        assertEquals(409, refused.getStatus());

        Record list = m.staticList("VIP");
        Actor reader = m.core.user("reader", Set.of("read-only"), Set.of());
        assertThrows(AccessDeniedException.class, () -> m.lists.add(reader, list.getId(), List.of(anna.getId()), List.of()));
        assertEquals(0, m.store.count(list.getId()));
    }

    @Test
    void aDeletedContactLeavesItsSegmentsAndADeletedSegmentKeepsItsHistory() {
        Record germany = m.segment("Germany", "country eq 'Germany'", null);
        m.evaluate();
        Record anna = m.contact("Anna", "Germany", null);
        await("Anna enters", () -> m.store.isMember(germany.getId(), anna.getId()), 20);
        m.core.records.delete(Actor.system(), "contact", anna.getId(), m.core.records.get(Actor.system(), "contact", anna.getId()).getVersion());
        await("Anna leaves", () -> !m.store.isMember(germany.getId(), anna.getId()), 20);
        assertEquals(2, m.store.history(germany.getId(), null, 10).size());
    }
}
