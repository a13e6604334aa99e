package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordChangeListener;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;

/** What extensions can rely on from the platform's validation and change-listener extension points. */
class ExtensionPointsTest {
    private final CoreFixture core = new CoreFixture();
    private final Actor admin = Actor.system();

    private static RecordValidator rule(Set<String> types, RecordValidatorBody body) {
        return new RecordValidator() {
            @Override
            public Set<String> recordTypes() {
                return types;
            }

            @Override
            public List<FieldError> validate(Actor actor, org.rapportcrm.platform.api.metadata.RecordType type, Record before,
                    Map<String, Object> after) {
                return body.validate(before, after);
            }
        };
    }

    interface RecordValidatorBody {
        List<FieldError> validate(Record before, Map<String, Object> after);
    }

    private static RecordChangeListener listener(Set<String> types, ListenerBody body) {
        return new RecordChangeListener() {
            @Override
            public Set<String> recordTypes() {
                return types;
            }

            @Override
            public void onChange(RecordChange change) throws Exception {
                body.onChange(change);
            }
        };
    }

    interface ListenerBody {
        void onChange(RecordChange change) throws Exception;
    }

    @Test
    void aValidationRuleRefusesChangesAndNothingIsWritten() {
        core.records.addValidator(rule(Set.of("account"), (before, after) -> "Competitor".equals(after.get("accountType"))
                && after.get("website") == null ? List.of(new FieldError("website", "required", "is required for competitors")) : List.of()), null);

        ValidationException e = assertThrows(ValidationException.class,
                () -> core.records.create(admin, "account", Map.of("name", "Rival", "accountType", "Competitor")));
        assertEquals("website", e.getErrors().get(0).field());
        Record ok = core.records.create(admin, "account", Map.of("name", "Rival", "accountType", "Prospect"));
        assertThrows(ValidationException.class, () -> core.records.update(admin, "account", ok.getId(), 1, Map.of("accountType", "Competitor")));
        assertEquals("Prospect", core.records.get(admin, "account", ok.getId()).get("accountType"));
        core.records.create(admin, "contact", Map.of("lastName", "Unaffected"));
    }

    @Test
    void aBrokenValidationRuleIsSkippedNotFatal() {
        core.records.addValidator(rule(Set.of(), (before, after) -> {
            throw new IllegalStateException("bug in an extension");
        }), null);
        assertEquals("Fine", core.records.create(admin, "account", Map.of("name", "Fine")).get("name"));
    }

    @Test
    void listenersHearCommittedChangesInOrderAndOnlyOfTheirTypes() throws Exception {
        BlockingQueue<RecordChange> heard = new LinkedBlockingQueue<>();
        core.changes.addListener(listener(Set.of("contact"), heard::add), null);

        Record c = core.records.create(admin, "contact", Map.of("lastName", "Doe"));
        core.records.create(admin, "account", Map.of("name", "Not for this listener"));
        core.records.update(admin, "contact", c.getId(), 1, Map.of("title", "CTO"));
        core.records.delete(admin, "contact", c.getId(), 2);

        RecordChange created = heard.poll(5, TimeUnit.SECONDS);
        RecordChange updated = heard.poll(5, TimeUnit.SECONDS);
        RecordChange deleted = heard.poll(5, TimeUnit.SECONDS);
        assertEquals(RecordEvents.CREATED, created.kind());
        assertEquals(Set.of("title"), updated.changedFields());
        assertEquals("CTO", updated.record().get("title"));
        assertEquals(RecordEvents.DELETED, deleted.kind());
        assertEquals(null, heard.poll(200, TimeUnit.MILLISECONDS), "the account change went to no contact listener");
    }

    @Test
    void aFailingOrSlowListenerDelaysNobodyElse() throws Exception {
        CountDownLatch slowInterrupted = new CountDownLatch(1);
        core.changes.addListener(listener(Set.of(), change -> {
            throw new IllegalStateException("bug in an extension");
        }), null);
        core.changes.addListener(listener(Set.of(), change -> {
            try {
                new CountDownLatch(1).await(); // hangs until the platform gives up on it
            } catch (InterruptedException e) {
                slowInterrupted.countDown();
            }
        }), null);
        BlockingQueue<RecordChange> healthy = new LinkedBlockingQueue<>();
        core.changes.addListener(listener(Set.of(), healthy::add), null);

        long start = System.nanoTime();
        core.records.create(admin, "account", Map.of("name", "One"));
        core.records.create(admin, "account", Map.of("name", "Two"));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000, "the request never waits for listeners");

        assertEquals("One", healthy.poll(5, TimeUnit.SECONDS).record().get("name"));
        assertEquals("Two", healthy.poll(5, TimeUnit.SECONDS).record().get("name"));
        assertTrue(slowInterrupted.await(5, TimeUnit.SECONDS), "the slow listener is interrupted at the time limit");
        assertEquals(2, core.records.query(admin, Query.of("account")).items().size());
    }

    @Test
    void aListenerThatFallsTooFarBehindIsToldSinceWhenItMissedChanges() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        List<String> heard = new CopyOnWriteArrayList<>();
        List<Instant> gaps = new CopyOnWriteArrayList<>();
        core.changes.addListener(new RecordChangeListener() {
            @Override
            public Set<String> recordTypes() {
                return Set.of("account");
            }

            @Override
            public void onChange(RecordChange change) {
                while (busy.getCount() > 0) {
                    try {
                        busy.await();
                    } catch (InterruptedException e) {
                        // the platform's time limit: stay busy regardless, the queue must fill up
                    }
                }
                heard.add(change.record().getId());
            }

            @Override
            public void changesDropped(Instant since) {
                gaps.add(since);
            }
        }, null);

        // One change in hand, the fixture's 100 queued, and the rest dropped.
        List<Record> created = IntStream.range(0, 150).mapToObj(i -> core.records.create(admin, "account", Map.of("name", "A" + i))).toList();
        busy.countDown();
        CoreFixture.await("the listener works through its queue", () -> heard.size() == 101);
        assertEquals(List.of(created.get(101).getUpdatedAt()), gaps);

        Record later = core.records.create(admin, "account", Map.of("name", "Later"));
        CoreFixture.await("later changes arrive as usual", () -> heard.contains(later.getId()));
        assertEquals(1, gaps.size());
    }
}
