package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.platform.api.record.BatchResult;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;

/** What capabilities rely on when one business step changes several records: transactions, triggers, field extensions. */
class TransactionsAndTriggersTest {
    private final CoreFixture core = new CoreFixture();
    private final Actor admin = Actor.system();

    @Test
    void workInOneTransactionCommitsTogetherAndPublishesOnlyAfterTheCommit() {
        int before = core.changesHeard.size();
        core.records.inTransaction(() -> {
            Record account = core.records.create(admin, "account", Map.of("name", "Both"));
            core.records.create(admin, "contact", Map.of("lastName", "Together", "account", account.getId()));
            assertEquals(1, core.records.count(admin, "contact", null), "the transaction sees its own writes");
            assertEquals(before, core.changesHeard.size(), "nobody hears of uncommitted changes");
            return null;
        });
        CoreFixture.await("both changes heard after the commit", () -> core.changesHeard.size() == before + 2);
        assertEquals(1, core.records.count(admin, "account", null));
    }

    @Test
    void aFailureRollsBackEveryChangeOfTheTransactionAndPublishesNothing() {
        int before = core.changesHeard.size();
        assertThrows(ValidationException.class, () -> core.records.inTransaction(() -> {
            core.records.create(admin, "account", Map.of("name", "Never"));
            return core.records.create(admin, "contact", Map.of("firstName", "No last name"));
        }));
        assertEquals(0, core.records.count(admin, "account", null));
        // Changes reach a listener in commit order: once a later one is heard, a rolled-back one would have been too.
        Record later = core.records.create(admin, "account", Map.of("name", "Committed later"));
        CoreFixture.await("the later change heard", () -> core.changesHeard.stream().anyMatch(c -> c.record().getId().equals(later.getId())));
        assertEquals(before + 1, core.changesHeard.size(), "a rolled-back change is never heard of");
    }

    /** Counts an account's contacts on the account, the kind of derived value triggers keep right. */
    private final class ContactCounter implements RecordTrigger {
        @Override
        public Set<String> recordTypes() {
            return Set.of("contact");
        }

        @Override
        public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
            if (after.get("title") == null) {
                after.put("title", "Contact");
            }
        }

        @Override
        public void afterWrite(Actor actor, RecordChange change) {
            String accountId = (String) change.record().get("account");
            if (accountId == null) {
                return;
            }
            if ("Forbidden".equals(change.record().get("lastName"))) {
                throw new ValidationException("lastName", "invalid", "is not allowed here");
            }
            Record account = core.records.get(admin, "account", accountId);
            long contacts = core.records.count(admin, "contact", org.rapportcrm.platform.api.query.Filter.eq("account", accountId));
            core.records.update(admin, "account", accountId, account.getVersion(), Map.of("employees", contacts));
        }
    }

    @Test
    void triggersDeriveValuesBeforeAndWriteOtherRecordsAfterInTheSameTransaction() {
        core.records.addTrigger(new ContactCounter(), null);
        Record account = core.records.create(admin, "account", Map.of("name", "Counted"));
        Record ann = core.records.create(admin, "contact", Map.of("lastName", "Ann", "account", account.getId()));
        core.records.create(admin, "contact", Map.of("lastName", "Bob", "account", account.getId()));
        assertEquals("Contact", ann.get("title"));
        assertEquals(2L, core.records.get(admin, "account", account.getId()).get("employees"));

        assertThrows(ValidationException.class,
                () -> core.records.create(admin, "contact", Map.of("lastName", "Forbidden", "account", account.getId())));
        assertEquals(2, core.records.count(admin, "contact", null), "a refusing trigger rolls back the change itself");
        assertEquals(2L, core.records.get(admin, "account", account.getId()).get("employees"));
    }

    @Test
    void beforeWriteOfACreationRunsInItsTransactionSoWhatItWroteRollsBackWithIt() {
        // A numbering trigger that keeps its counter in an account record, as a capability without tables of its own might.
        Record counter = core.records.create(admin, "account", Map.of("name", "Contact numbers", "employees", 0));
        core.records.addTrigger(new RecordTrigger() {
            @Override
            public Set<String> recordTypes() {
                return Set.of("contact");
            }

            @Override
            public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
                Record current = core.records.get(admin, "account", counter.getId());
                long next = (Long) current.get("employees") + 1;
                core.records.update(admin, "account", counter.getId(), current.getVersion(), Map.of("employees", next));
                after.put("title", "No. " + next);
            }
        }, null);

        assertEquals("No. 1", core.records.create(admin, "contact", Map.of("lastName", "First")).get("title"));
        assertThrows(ValidationException.class, () -> core.records.create(admin, "contact", Map.of("lastName", "Ghost", "account", java.util.UUID.randomUUID().toString())));
        assertEquals(1L, core.records.get(admin, "account", counter.getId()).get("employees"), "the refused creation took no number");
        assertEquals("No. 2", core.records.create(admin, "contact", Map.of("lastName", "Second")).get("title"));
    }

    @Test
    void aTriggerRefusingOneRowOfABatchLeavesTheOthers() {
        core.records.addTrigger(new RecordTrigger() {
            @Override
            public Set<String> recordTypes() {
                return Set.of("contact");
            }

            @Override
            public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
                if ("Forbidden".equals(after.get("lastName"))) {
                    throw new ValidationException("lastName", "invalid", "is not allowed");
                }
            }
        }, null);
        BatchResult result = core.records.createAll(admin, "contact", List.of(Map.of("lastName", "Fine"), Map.of("lastName", "Forbidden")));
        assertEquals(1, result.created().size());
        assertEquals("lastName", result.failures().get(1).get(0).field());
    }

    @Test
    void aCapabilityCanAddFieldsToAnotherTypeWhileItIsPresent() {
        RecordTypeProvider sales = new RecordTypeProvider() {
            @Override
            public List<RecordType> recordTypes() {
                return List.of();
            }

            @Override
            public Map<String, List<FieldDefinition>> fieldExtensions() {
                return Map.of("activity", List.of(FieldDefinition.builder("dealSize", FieldType.INTEGER).label("Deal size").build()));
            }
        };
        core.metadata.addProvider(sales);
        Record call = core.records.create(admin, "activity", Map.of("subject", "Call", "activityType", "Call", "status", "Planned",
                "dealSize", 5));
        assertEquals(5L, call.get("dealSize"));

        core.metadata.removeProvider(sales);
        assertFalse(core.metadata.type("activity").orElseThrow().field("dealSize").isPresent());
        assertEquals("Call", core.records.get(admin, "activity", call.getId()).get("subject"));

        core.metadata.addProvider(sales);
        assertEquals(5L, core.records.get(admin, "activity", call.getId()).get("dealSize"), "the data stayed while it was away");
        CoreFixture.await("the creation heard", () -> core.changesHeard.stream()
                .anyMatch(c -> c.recordType().equals("activity") && c.kind().equals(RecordEvents.CREATED)));
    }
}
