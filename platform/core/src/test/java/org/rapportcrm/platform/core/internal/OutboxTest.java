package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.outbox.Outbox;
import org.rapportcrm.platform.api.outbox.OutboxChange;
import org.rapportcrm.platform.api.outbox.OutboxConsumer;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.outbox.OutboxConfig;
import org.rapportcrm.platform.core.internal.outbox.OutboxDispatcher;
import org.rapportcrm.platform.core.internal.outbox.OutboxRetention;

/** The durable outbox as consumers rely on it: every committed change once, in commit order, nothing rolled back. */
class OutboxTest {
    DataSource dataSource() {
        return CoreFixture.memoryDataSource();
    }

    final CoreFixture core = new CoreFixture(dataSource());
    private final Actor admin = Actor.system();
    private final List<OutboxDispatcher> nodes = new ArrayList<>();
    final OutboxDispatcher node = node("node-a", 20);

    {
        core.metadata.addProvider(new DeleteRulesTest.Projects());
    }

    OutboxDispatcher node(String name, int leaseSeconds) {
        return node(name, leaseSeconds, Clock.systemUTC());
    }

    OutboxDispatcher node(String name, int leaseSeconds, Clock clock) {
        OutboxDispatcher d = new OutboxDispatcher(core.database, core.outbox, core.cluster, Configs.of(OutboxConfig.class,
                Map.of("pollMillis", 200L, "leaseSeconds", leaseSeconds, "maxBackoffSeconds", 1, "failuresBeforeDown", 2)),
                clock, name);
        nodes.add(d);
        return d;
    }

    @AfterEach
    void stop() {
        nodes.forEach(OutboxDispatcher::close);
        core.close();
    }

    /** Collects what it is given; fails while {@code failing} is above zero, counting down. */
    static final class Collector implements OutboxConsumer {
        final String name;
        final Set<String> types;
        final List<OutboxEntry> entries = new CopyOnWriteArrayList<>();
        final AtomicInteger failing = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        volatile int batchSize = 500;
        volatile CountDownLatch hold;

        Collector(String name, Set<String> types) {
            this.name = name;
            this.types = types;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<String> recordTypes() {
            return types;
        }

        @Override
        public int batchSize() {
            return batchSize;
        }

        @Override
        public void consume(List<OutboxEntry> batch) throws Exception {
            calls.incrementAndGet();
            if (hold != null) {
                hold.await();
            }
            if (failing.getAndDecrement() > 0) {
                throw new IllegalStateException("receiver down");
            }
            entries.addAll(batch);
            batchSizes.add(batch.size());
        }

        List<String> ids() {
            return entries.stream().map(e -> e.kind() + " " + e.recordId()).toList();
        }
    }

    Collector register(OutboxDispatcher on, String name, Set<String> types) {
        return register(on, new Collector(name, types), Map.of());
    }

    Collector register(OutboxDispatcher on, Collector c, Map<String, Object> properties) {
        String name = c.name;
        on.addConsumer(c, properties);
        CoreFixture.await("the consumer is registered", () -> on.position(name).isPresent());
        return c;
    }

    @Test
    void aConsumerGetsEveryCommittedChangeOfItsTypesInCommitOrderWithValuesAndPreviousValues() {
        Collector contacts = register(node, "test.contacts", Set.of("contact"));
        Record ada = core.records.create(admin, "contact", Map.of("lastName", "Lovelace", "email", "ada@example.com"));
        core.records.create(admin, "account", Map.of("name", "Not a contact"));
        Record renamed = core.records.update(admin, "contact", ada.getId(), ada.getVersion(), Map.of("lastName", "King"));
        core.records.delete(admin, "contact", ada.getId(), renamed.getVersion());

        CoreFixture.await("three changes of the contact", () -> contacts.entries.size() == 3);
        assertEquals(List.of("CREATED " + ada.getId(), "UPDATED " + ada.getId(), "DELETED " + ada.getId()), contacts.ids());
        OutboxEntry created = contacts.entries.get(0);
        assertEquals("Lovelace", created.values().get("lastName"));
        assertEquals("ada@example.com", created.values().get("email"));
        assertEquals(1L, created.version());
        OutboxEntry updated = contacts.entries.get(1);
        assertEquals(Set.of("lastName"), updated.changedFields());
        assertEquals(Map.of("lastName", "Lovelace"), updated.previousValues());
        assertEquals("King", updated.values().get("lastName"));
        assertEquals(2L, updated.version());
        assertEquals("King", contacts.entries.get(2).values().get("lastName"));
        assertTrue(created.sequence() < updated.sequence() && updated.sequence() < contacts.entries.get(2).sequence());
    }

    @Test
    void aRolledBackChangeWritesNoEntry() {
        Collector all = register(node, "test.all", Set.of());
        assertThrows(IllegalStateException.class, () -> core.records.inTransaction(() -> {
            core.records.create(admin, "account", Map.of("name", "Never"));
            throw new IllegalStateException("changed my mind");
        }));
        Record kept = core.records.create(admin, "account", Map.of("name", "Kept"));

        CoreFixture.await("the committed change", () -> !all.entries.isEmpty());
        assertEquals(List.of("CREATED " + kept.getId()), all.ids());
    }

    @Test
    void bulkCreationAndCascadedDeletesWriteOneEntryPerRecord() {
        Collector all = register(node, "test.all", Set.of());
        Record acme = core.records.create(admin, "account", Map.of("name", "Acme"));
        var created = core.records.createAll(admin, "project", List.of(Map.of("name", "One", "account", acme.getId()),
                Map.of("name", "Two", "account", acme.getId()), Map.of("name", "Three", "account", acme.getId())));
        assertEquals(3, created.created().size());
        core.records.delete(admin, "account", acme.getId(), acme.getVersion());

        CoreFixture.await("1 + 3 creations and 1 + 3 deletions", () -> all.entries.size() == 8);
        List<String> expected = new ArrayList<>(List.of("CREATED " + acme.getId()));
        created.created().forEach(p -> expected.add("CREATED " + p.getId()));
        assertEquals(expected, all.ids().subList(0, 4));
        assertEquals(4, all.entries.stream().filter(e -> e.kind().equals("DELETED")).count());
        assertEquals(Set.of("account", "project"), Set.copyOf(all.entries.subList(4, 8).stream().map(OutboxEntry::recordType).toList()));
    }

    @Test
    void aFailingConsumerGetsTheSameBatchAgainAndSkipsNothing() {
        Collector flaky = register(node, "test.flaky", Set.of("account"));
        flaky.failing.set(2);
        Record first = core.records.create(admin, "account", Map.of("name", "First"));

        CoreFixture.await("failures show in health", () -> !node.check().up() || !flaky.entries.isEmpty());
        Record second = core.records.create(admin, "account", Map.of("name", "Second"));
        CoreFixture.await("both, after the retries", () -> flaky.entries.size() == 2);
        assertEquals(List.of("CREATED " + first.getId(), "CREATED " + second.getId()), flaky.ids());
        assertTrue(flaky.calls.get() >= 3, "retried: " + flaky.calls.get());
        CoreFixture.await("healthy again", () -> node.check().up());
        assertEquals(0, node.position("test.flaky").orElseThrow().failures());
    }

    @Test
    void aReplayGivesAgainWhatWasMadeSinceAPointInTime() {
        Collector all = register(node, "test.all", Set.of("account"));
        core.records.create(admin, "account", Map.of("name", "Before"));
        CoreFixture.await("the first", () -> all.entries.size() == 1);
        Instant since = all.entries.get(0).time().plusMillis(1);
        CoreFixture.await("time moves on", () -> Instant.now().isAfter(since));
        Record after = core.records.create(admin, "account", Map.of("name", "After"));
        CoreFixture.await("the second", () -> all.entries.size() == 2);

        node.replay("test.all", since);
        CoreFixture.await("the second again", () -> all.entries.size() == 3);
        assertEquals("CREATED " + after.getId(), all.ids().get(2));
        CoreFixture.await("the position moved past it again", () -> !node.consumed("test.all", since, 0, 10).isEmpty());
        assertEquals(List.of(after.getId()), node.consumed("test.all", since, 0, 10).stream().map(OutboxEntry::recordId).toList());
        assertThrows(IllegalArgumentException.class, () -> node.replay("test.all", Instant.now().minus(java.time.Duration.ofDays(8))));
    }

    @Test
    void aReplayWhileABatchIsBeingConsumedGivesThatBatchAgain() throws Exception {
        Collector all = register(node, "test.replayed", Set.of("account"));
        core.records.create(admin, "account", Map.of("name", "Before"));
        CoreFixture.await("the first", () -> all.entries.size() == 1);
        Instant since = all.entries.get(0).time().plusMillis(1);
        CoreFixture.await("time moves on", () -> Instant.now().isAfter(since));
        all.hold = new CountDownLatch(1);
        Record after = core.records.create(admin, "account", Map.of("name", "After"));
        CoreFixture.await("the second being consumed", () -> all.calls.get() == 2);

        node.replay("test.replayed", since); // back to where the position was written last
        all.hold.countDown();
        CoreFixture.await("the second again", () -> all.entries.size() == 3);
        assertEquals(List.of("CREATED " + after.getId(), "CREATED " + after.getId()), all.ids().subList(1, 3));
    }

    @Test
    void consumedChangesNameTheRecordKindAndVersionOfEachEntryOfTheConsumersTypesWithoutItsValues() {
        Collector contacts = register(node, "test.contacts", Set.of("contact"));
        Record ada = core.records.create(admin, "contact", Map.of("lastName", "Lovelace"));
        core.records.create(admin, "account", Map.of("name", "Not a contact"));
        Record renamed = core.records.update(admin, "contact", ada.getId(), ada.getVersion(), Map.of("lastName", "King"));
        core.records.delete(admin, "contact", ada.getId(), renamed.getVersion());
        CoreFixture.await("three changes of the contact consumed", () -> node.consumedChanges("test.contacts", Instant.EPOCH, 0, 10).size() == 3);

        List<OutboxChange> changes = node.consumedChanges("test.contacts", Instant.EPOCH, 0, 10);
        assertEquals(List.of("CREATED 1", "UPDATED 2", "DELETED 2"), changes.stream().map(c -> c.kind() + " " + c.version()).toList());
        assertEquals(contacts.entries.stream().map(e -> new OutboxChange(e.sequence(), e.kind(), e.recordType(), e.recordId(), e.version(),
                e.time())).toList(), changes, "the same as the entries say");
        assertEquals(changes.subList(1, 3), node.consumedChanges("test.contacts", Instant.EPOCH, changes.get(0).sequence(), 10));
    }

    @Test
    void anEntryWrittenBeforeTheOutboxHadRecordColumnsIsReadFromItsPayload() {
        register(node, "test.contacts", Set.of("contact"));
        Record ada = core.records.create(admin, "contact", Map.of("lastName", "Lovelace"));
        CoreFixture.await("the entry consumed", () -> node.consumedChanges("test.contacts", Instant.EPOCH, 0, 10).size() == 1);
        core.database.inTransaction(c -> c.createStatement().executeUpdate(
                "UPDATE rapport_outbox SET record_id = NULL, change_kind = NULL, record_version = NULL"));

        List<OutboxChange> changes = node.consumedChanges("test.contacts", Instant.EPOCH, 0, 10);
        assertEquals(List.of("CREATED contact " + ada.getId() + " 1"),
                changes.stream().map(c -> c.kind() + " " + c.recordType() + " " + c.recordId() + " " + c.version()).toList());
    }

    @Test
    void retentionDeletesOnlyEntriesOlderThanTheCutoff() {
        Collector all = register(node, "test.all", Set.of("account"));
        core.records.create(admin, "account", Map.of("name", "Old"));
        CoreFixture.await("the first", () -> all.entries.size() == 1);
        Instant cutoff = all.entries.get(0).time().plusMillis(1);
        CoreFixture.await("time moves on", () -> Instant.now().isAfter(cutoff));
        core.records.create(admin, "account", Map.of("name", "New"));
        CoreFixture.await("the second", () -> all.entries.size() == 2);
        // Consumed once the position moved past it (after the batch returned): only then may its readers read it.
        CoreFixture.await("the position moved on", () -> node.position("test.all").orElseThrow().sequence() >= all.entries.get(1).sequence());

        assertEquals(1, new OutboxRetention(core.database).expire(cutoff));
        assertEquals(1, node.consumed("test.all", Instant.EPOCH, 0, 10).size());
    }

    @Test
    void aConsumerPassesChangesItDoesNotWantWithoutACommitForEachAndWritesWhereItIsWithinASecond() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        OutboxDispatcher d = node("node-c", 20, clock);
        Collector contacts = register(d, "test.passing", Set.of("contact"));
        long start = d.position("test.passing").orElseThrow().sequence();
        for (int i = 0; i < 5; i++) {
            core.records.create(admin, "account", Map.of("name", "Unwanted " + i));
        }
        TimeUnit.MILLISECONDS.sleep(500);
        assertEquals(start, d.position("test.passing").orElseThrow().sequence(), "no write yet for entries the consumer does not want");

        clock.advance(Duration.ofSeconds(1));
        CoreFixture.await("the position written a second later", () -> d.position("test.passing").orElseThrow().sequence() >= start + 5);
        Record wanted = core.records.create(admin, "contact", Map.of("lastName", "Wanted"));
        CoreFixture.await("the contact given", () -> contacts.entries.size() == 1);
        assertEquals(List.of("CREATED " + wanted.getId()), contacts.ids());
        CoreFixture.await("the position written with the batch",
                () -> d.position("test.passing").orElseThrow().sequence() == contacts.entries.get(0).sequence());
    }

    @Test
    void aConsumerWithABatchIntervalGetsAChangeAfterAQuietSpellAtOnceAndTheStreamThatFollowsTogether() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        OutboxDispatcher d = node("node-d", 20, clock);
        Collector c = new Collector("test.spaced", Set.of("account"));
        c.batchSize = 2;
        register(d, c, Map.of(Outbox.BATCH_INTERVAL_MILLIS, 1000L));

        core.records.create(admin, "account", Map.of("name", "After a quiet spell"));
        CoreFixture.await("the first change given at once", () -> c.entries.size() == 1);
        for (int i = 0; i < 5; i++) {
            core.records.create(admin, "account", Map.of("name", "In the stream " + i));
        }
        TimeUnit.MILLISECONDS.sleep(500);
        assertEquals(1, c.entries.size(), "the next batch waits for the interval");

        clock.advance(Duration.ofSeconds(1));
        // Full batches (2) follow one another at once; the one that is not full starts the next interval.
        CoreFixture.await("the stream given", () -> c.entries.size() == 6);
        assertEquals(List.of(1, 2, 2, 1), c.batchSizes);
        core.records.create(admin, "account", Map.of("name", "Right after"));
        TimeUnit.MILLISECONDS.sleep(500);
        assertEquals(6, c.entries.size(), "a change right after a batch that was not full waits");
        clock.advance(Duration.ofSeconds(1));
        CoreFixture.await("given after the interval", () -> c.entries.size() == 7);
    }

    @Test
    void aBatchIntervalThatIsNotANumberOfMillisecondsIsIgnored() {
        Collector c = register(node, new Collector("test.unspaced", Set.of("account")), Map.of(Outbox.BATCH_INTERVAL_MILLIS, "soon"));
        for (int i = 0; i < 2; i++) {
            core.records.create(admin, "account", Map.of("name", "At once " + i));
            int expected = i + 1;
            CoreFixture.await("each change given at once", () -> c.entries.size() == expected);
        }
    }

    @Test
    void anotherNodeTakesOverAConsumerWhoseNodeStoppedAnsweringAndTheBatchComesAgain() throws Exception {
        OutboxDispatcher a = node("node-a2", 1);
        OutboxDispatcher b = node("node-b", 1);
        Collector onA = register(a, "test.shared", Set.of("account"));
        CoreFixture.await("node A holds the consumer", () -> "node-a2".equals(a.position("test.shared").orElseThrow().node()));
        Collector onB = register(b, "test.shared", Set.of("account"));
        onA.hold = new CountDownLatch(1); // node A hangs in the middle of a batch: it renews its lease no more
        Record r = core.records.create(admin, "account", Map.of("name", "Once at least"));

        CoreFixture.await("node B takes the batch over", () -> onB.entries.size() == 1, 30);
        assertEquals("CREATED " + r.getId(), onB.ids().get(0));
        onA.hold.countDown();
        Record next = core.records.create(admin, "account", Map.of("name", "Next"));
        CoreFixture.await("node B goes on", () -> onB.entries.size() == 2);
        assertEquals("CREATED " + next.getId(), onB.ids().get(1));
        assertTrue(onA.entries.size() <= 1, "node A may finish the batch it had (at-least-once), nothing more");
    }
}
