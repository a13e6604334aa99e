package org.rapportcrm.marketing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;

/**
 * The upkeep of dynamic segments given outbox batches by hand, as the dispatcher gives them: what a batch of changes
 * leaves behind, and what commits together.
 */
class SegmentMaintenanceTest {
    private final MarketingFixture m = new MarketingFixture();
    private final AtomicLong sequence = new AtomicLong();

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void aContactChangedTwiceInOneBatchIsKeptAsItsLatestChangeLeftIt() {
        Record germany = m.segment("Germany", "country eq 'Germany'", null);
        m.evaluate();
        Record anna = m.contact("Anna", "France", null);

        m.maintenance.consume(List.of(changed(anna, "Germany"), changed(anna, "Austria")));
        assertFalse(m.store.isMember(germany.getId(), anna.getId()), "in Austria at the end of the batch");
        assertTrue(m.events.isEmpty(), "nothing entered or left as far as the batch's end is concerned: " + m.events);

        m.maintenance.consume(List.of(changed(anna, "Austria"), changed(anna, "Germany")));
        assertTrue(m.store.isMember(germany.getId(), anna.getId()));
        assertEquals(List.of("marketing.segment-entered Anna Germany"), m.events);
        assertEquals(2L, m.upkeep.summary().get("changes"), "timed once per contact and batch, however often it changed in it");
    }

    @Test
    void entriesAndTheAutomationEventsTheyStartCommitTogether() {
        Record germany = m.segment("Germany", "country eq 'Germany'", null);
        m.evaluate();
        Record anna = m.contact("Anna", "France", null);
        Record bob = m.contact("Bob", "France", null);
        m.automationFailure = new IllegalStateException("automation's store is away");

        List<OutboxEntry> batch = List.of(changed(anna, "Germany"), changed(bob, "Germany"));
        assertThrows(IllegalStateException.class, () -> m.maintenance.consume(batch));
        assertFalse(m.store.isMember(germany.getId(), anna.getId()) || m.store.isMember(germany.getId(), bob.getId()),
                "no entry without its event: the batch is given again");

        m.automationFailure = null;
        m.maintenance.consume(batch);
        assertEquals(Set.of(anna.getId(), bob.getId()), Set.copyOf(m.store.members(germany.getId(), null, 10).stream()
                .map(member -> member.contactId()).toList()));
        assertEquals(Set.of("marketing.segment-entered Anna Germany", "marketing.segment-entered Bob Germany"), Set.copyOf(m.events));
    }

    @Test
    void contactsOfSeveralAccountsInOneBatchAreEachTestedAgainstTheirOwnAccount() {
        Record customer = m.create("account", Map.of("name", "Kraftwerk GmbH", "accountType", "Customer"));
        Record prospect = m.create("account", Map.of("name", "Neu GmbH", "accountType", "Prospect"));
        Record closed = m.create("account", Map.of("name", "Alt GmbH", "accountType", "Customer"));
        Record customers = m.segment("German customers", "country eq 'Germany'", "accountType eq 'Customer'");
        m.evaluate();
        Record anna = m.contact("Anna", "France", customer);
        Record bob = m.contact("Bob", "France", prospect);
        Record carl = m.contact("Carl", "France", closed);
        Record dora = m.contact("Dora", "France", customer);
        m.core.records.delete(Actor.system(), "account", closed.getId(), closed.getVersion());

        m.maintenance.consume(List.of(changed(anna, "Germany"), changed(bob, "Germany"), changed(carl, "Germany"), changed(dora, "Austria")));

        assertEquals(Set.of(anna.getId()), Set.copyOf(m.store.members(customers.getId(), null, 10).stream().map(member -> member.contactId()).toList()),
                "Bob's account is no customer, Carl's is gone, Dora is not in Germany");
    }

    /** An update of the contact's country as the outbox hands it over: the record's values after the change. */
    private OutboxEntry changed(Record contact, String country) {
        Map<String, Object> values = new LinkedHashMap<>(contact.asMap());
        values.put("country", country);
        return new OutboxEntry(sequence.incrementAndGet(), RecordEvents.UPDATED, "contact", contact.getId(), contact.getVersion() + 1,
                Instant.now(), null, Set.of("country"), values, Map.of("country", contact.get("country")));
    }
}
