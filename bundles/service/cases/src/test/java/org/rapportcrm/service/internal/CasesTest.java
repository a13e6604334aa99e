package org.rapportcrm.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.Cases;

/** Cases as agents and other capabilities write them: numbers, tiers, status times, responses, merges. */
class CasesTest {
    private final ServiceFixture service = new ServiceFixture();

    private Record newCase(String subject) {
        return service.create(Cases.TYPE, Map.of("subject", subject));
    }

    @Test
    void casesAreNumberedInTheOrderTheyAreCreated() {
        assertEquals("CS-000001", newCase("Printer on fire").get("caseNumber"));
        assertEquals("CS-000002", newCase("Invoice wrong").get("caseNumber"));
    }

    @Test
    void casesCreatedAtOnceGetEveryNumberOnce() throws Exception {
        newCase("the first, which starts the sequence");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> numbers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            numbers.add(pool.submit(() -> (String) newCase("Concurrent " + n).get("caseNumber")));
        }
        List<String> got = new ArrayList<>();
        for (Future<String> f : numbers) {
            got.add(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        Collections.sort(got);
        List<String> expected = new ArrayList<>();
        for (int i = 2; i <= 41; i++) {
            expected.add(CaseNumbers.format(i));
        }
        assertEquals(expected, got, "no number twice, none left out");
    }

    @Test
    void casesImportedInBulkAreNumberedInTheirOrder() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(Map.of("subject", "Imported " + i, "openedAt", "2026-12-01T10:00:00Z"));
        }
        var result = service.core.records.createAll(Actor.system(), Cases.TYPE, rows);
        assertEquals(Map.of(), result.failures(), "nothing refused");
        List<String> numbers = service.core.records.all(Actor.system(), Query.of(Cases.TYPE).sortBy("caseNumber", false)).stream()
                .map(r -> r.get("subject") + " " + r.get("caseNumber")).toList();
        assertEquals(List.of("Imported 0 CS-000001", "Imported 1 CS-000002", "Imported 2 CS-000003", "Imported 3 CS-000004",
                "Imported 4 CS-000005"), numbers);
        Record sequence = service.core.records.all(Actor.system(), Query.of(ServiceTypes.CASE_NUMBER_SEQUENCE)).get(0);
        assertEquals(2, service.core.records.history(Actor.system(), ServiceTypes.CASE_NUMBER_SEQUENCE, sequence.getId(), 100).stream()
                .filter(change -> "nextNumber".equals(change.field())).count(), "moved on for the batch's first case and at its commit, not per case");

        assertThrows(IllegalStateException.class, () -> service.core.records.inTransaction(() -> {
            service.core.records.createAll(Actor.system(), Cases.TYPE, rows);
            throw new IllegalStateException("the batch fails after its cases were numbered");
        }));
        assertEquals("CS-000006", newCase("after the batch and a rolled back one").get("caseNumber"), "a rolled back batch gives its numbers back");
    }

    @Test
    void theAccountsServiceTierIsKeptOnTheCase() {
        Record gold = service.create("account", Map.of("name", "Gold GmbH", "serviceTier", "Gold"));
        Record plain = service.create("account", Map.of("name", "Plain AG"));
        assertEquals("Gold", service.create(Cases.TYPE, Map.of("subject", "Down", "account", gold.getId())).get("accountTier"));
        Record c = service.create(Cases.TYPE, Map.of("subject", "Slow", "account", plain.getId()));
        assertEquals("Standard", c.get("accountTier"));
        assertEquals("Gold", service.update(c, Map.of("account", gold.getId())).get("accountTier"));
    }

    @Test
    void resolvingClosingAndReopeningStampTheirTimes() {
        Record c = newCase("Cannot log in");
        service.clock.set(Instant.parse("2026-12-07T10:00:00Z"));
        Record resolved = service.update(c, Map.of("status", Cases.RESOLVED));
        assertEquals(Instant.parse("2026-12-07T10:00:00Z"), resolved.get("resolvedAt"));
        service.clock.set(Instant.parse("2026-12-08T10:00:00Z"));
        Record closed = service.update(c, Map.of("status", Cases.CLOSED));
        assertEquals(Instant.parse("2026-12-07T10:00:00Z"), closed.get("resolvedAt"));
        assertEquals(Instant.parse("2026-12-08T10:00:00Z"), closed.get("closedAt"));
        Record reopened = service.update(c, Map.of("status", Cases.OPEN));
        assertNull(reopened.get("resolvedAt"));
        assertNull(reopened.get("closedAt"));
    }

    @Test
    void theFirstResponseOpensTheCaseAndResponsesAreCounted() {
        Record c = newCase("Where is my parcel");
        Instant answered = Instant.parse("2026-12-07T08:30:00Z");
        Record first = service.update(c, Map.of(Cases.LAST_RESPONSE_AT, answered));
        assertEquals(answered, first.get("firstResponseAt"));
        assertEquals(Cases.OPEN, first.get("status"));
        assertEquals(1L, first.get("responseCount"));
        Record second = service.update(c, Map.of(Cases.LAST_RESPONSE_AT, answered.plusSeconds(3600)));
        assertEquals(answered, second.get("firstResponseAt"));
        assertEquals(2L, second.get("responseCount"));
    }

    @Test
    void mergingMovesTheDuplicatesRecordsToTheMasterAndClosesTheDuplicate() {
        Record master = newCase("VPN down");
        Record duplicate = newCase("VPN not working");
        Record other = newCase("Network slow");
        service.create(ServiceTypes.RELATED_CASE, Map.of("case", duplicate.getId(), "relatedCase", other.getId()));
        Record call = service.create("activity", Map.of("subject", "Customer called", "activityType", "Call", "case", duplicate.getId()));

        new MergeCaseAction(service.core.records, service.core.metadata).merge(Actor.system(), duplicate.getId(), master.getId());

        Record merged = service.reload(duplicate);
        assertEquals(master.getId(), merged.get("mergedInto"));
        assertEquals(Cases.CLOSED, merged.get("status"));
        assertEquals(master.getId(), service.reload(call).get("case"));
        List<Record> links = service.core.records.all(Actor.system(), Query.of(ServiceTypes.RELATED_CASE).where(Filter.eq("case", master.getId())));
        assertEquals(Set.of(other.getId() + " Related", duplicate.getId() + " Duplicate"),
                Set.copyOf(links.stream().map(l -> l.get("relatedCase") + " " + l.get("relation")).toList()));
        assertEquals(2, service.core.records.history(Actor.system(), Cases.TYPE, duplicate.getId(), 50).stream()
                .filter(ch -> "mergedInto".equals(ch.field()) || "status".equals(ch.field())).count(), "the merge is in the history");
        assertThrows(ValidationException.class, () -> new MergeCaseAction(service.core.records, service.core.metadata)
                .merge(Actor.system(), duplicate.getId(), master.getId()));
    }

    @Test
    void salesReadsCasesButLeavesThemToServiceAndReadOnlyUsersOnlyRead() {
        Actor sales = service.core.user("sally", Set.of("sales"), Set.of());
        Actor agent = service.core.user("sam", Set.of("service"), Set.of());
        Actor reader = service.core.user("rita", Set.of("read-only"), Set.of());
        Record c = service.core.records.create(agent, Cases.TYPE, Map.of("subject", "Agent's case"));
        assertNotNull(c.get("caseNumber"));
        assertEquals("Agent's case", service.core.records.get(sales, Cases.TYPE, c.getId()).get("subject"));
        assertThrows(AccessDeniedException.class, () -> service.core.records.create(sales, Cases.TYPE, Map.of("subject", "x")));
        assertThrows(AccessDeniedException.class, () -> service.core.records.update(reader, Cases.TYPE, c.getId(), c.getVersion(),
                Map.of("subject", "y")));
    }
}
