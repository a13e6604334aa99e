package org.rapportcrm.sync.delta.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.outbox.ConsumerPosition;
import org.rapportcrm.platform.api.outbox.Outbox;
import org.rapportcrm.platform.api.outbox.OutboxChange;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.RoleDefinition;
import org.rapportcrm.platform.api.security.RoleService;
import org.rapportcrm.sync.delta.api.ChangePage;
import org.rapportcrm.sync.delta.api.InvalidSyncTokenException;
import org.rapportcrm.sync.delta.api.SyncChange;

/** The change feed over an outbox of a few entries and records of which the caller may read some. */
class OutboxChangeFeedTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final Actor ALICE = Actor.user("u1", "alice", Set.of("sales"), Set.of());
    private final List<OutboxChange> entries = new ArrayList<>();
    /** What alice may read now, by type and id. */
    private final Map<String, Record> readable = new TreeMap<>();
    private long position;
    /** The version of each role, as an administrator last saved it. */
    private final Map<String, Long> roleVersions = new TreeMap<>(Map.of("sales", 3L, "service", 1L));
    private final OutboxChangeFeed feed = new OutboxChangeFeed(outbox(), records(), roles(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void changesComeInCommitOrderOncePerRecordAsTheCallerMayReadThemNow() {
        String since = tokenAfter(0, NOW.minusSeconds(60));
        entry(1, "UPDATED", "contact", "c1");
        entry(2, "CREATED", "contact", "c2");
        entry(3, "UPDATED", "account", "a1");
        entry(4, "UPDATED", "contact", "c1");
        entry(5, "DELETED", "contact", "c3");
        entry(6, "UPDATED", "contact", "c4"); // alice may no longer read it
        entry(7, "CREATED", "contact", "c5"); // another team's, which alice never could read
        readable("contact", "c1", 7);
        readable("contact", "c2", 1);
        ChangePage page = feed.changes(ALICE, since, List.of("contact"), 100);
        assertEquals(List.of("c2", "c1", "c3", "c4"), page.changes().stream().map(SyncChange::id).toList(),
                "c1 once, at its last change; c5 not even as a tombstone");
        assertEquals(7, page.changes().get(1).version());
        assertTrue(page.changes().get(2).isTombstone(), "deleted");
        assertTrue(page.changes().get(3).isTombstone(), "no longer readable");
        assertFalse(page.more());
        assertEquals(7, SyncToken.decode(page.nextToken(), NOW).sequence());
    }

    @Test
    void aFullPageSaysMoreAndContinuesAfterItsLastEntry() {
        entry(1, "CREATED", "contact", "c1");
        entry(2, "CREATED", "contact", "c2");
        entry(3, "CREATED", "contact", "c3");
        List.of("c1", "c2", "c3").forEach(id -> readable("contact", id, 1));
        ChangePage first = feed.changes(ALICE, tokenAfter(0, NOW), List.of("contact"), 2);
        assertTrue(first.more());
        ChangePage second = feed.changes(ALICE, first.nextToken(), List.of("contact"), 2);
        assertEquals(List.of("c3"), second.changes().stream().map(SyncChange::id).toList());
        assertFalse(second.more());
    }

    @Test
    void aCaughtUpTokenMovesToTheFeedsPositionPastEntriesOfOtherTypes() {
        entry(1, "CREATED", "account", "a1");
        entry(2, "CREATED", "account", "a2");
        ChangePage page = feed.changes(ALICE, tokenAfter(0, NOW), List.of("contact"), 10);
        assertTrue(page.changes().isEmpty());
        assertEquals(2, SyncToken.decode(page.nextToken(), NOW).sequence());
    }

    @Test
    void aSnapshotReadsEveryTypeThenHandsOverToTheChangesFromItsStart() {
        position = 41;
        readable("account", "a1", 1);
        readable("contact", "c1", 1);
        readable("contact", "c2", 2);
        ChangePage first = feed.changes(ALICE, null, List.of("account", "contact"), 2);
        assertTrue(first.snapshot());
        assertEquals(List.of("a1", "c1"), first.changes().stream().map(SyncChange::id).toList());
        ChangePage last = feed.changes(ALICE, first.nextToken(), List.of("account", "contact"), 2);
        assertEquals(List.of("c2"), last.changes().stream().map(SyncChange::id).toList());
        SyncToken next = SyncToken.decode(last.nextToken(), NOW);
        assertFalse(next.isSnapshot());
        assertEquals(41, next.sequence(), "the changes made while the snapshot was read come next");
    }

    @Test
    void aTokenAheadOfTheFeedIsNotOurs() {
        position = 5;
        assertThrows(InvalidSyncTokenException.class, () -> feed.changes(ALICE, tokenAfter(99, NOW), List.of("contact"), 10));
    }

    @Test
    void aTokenIssuedBeforeTheCallerMovedTeamIsRefusedSoItsDeviceStartsOverWithWhatItMayReadNow() {
        Actor inTeamA = Actor.user("u1", "alice", Set.of("sales"), Set.of("team-a"));
        String token = feed.currentToken(inTeamA);
        entry(1, "UPDATED", "contact", "c1");
        readable("contact", "c1", 2);
        assertEquals(1, feed.changes(inTeamA, token, List.of("contact"), 10).changes().size(), "same access: the token holds");
        Actor inTeamB = Actor.user("u1", "alice", Set.of("sales"), Set.of("team-b"));
        InvalidSyncTokenException e = assertThrows(InvalidSyncTokenException.class, () -> feed.changes(inTeamB, token, List.of("contact"), 10));
        assertTrue(e.getMessage().contains("full sync"), e.getMessage());
        assertThrows(InvalidSyncTokenException.class, () -> feed.changes(inTeamB, token, List.of("contact"), 10));
        assertTrue(feed.changes(inTeamB, null, List.of("contact"), 10).snapshot());
    }

    @Test
    void aTokenIssuedBeforeTheCallerGainedALostOrAChangedRoleIsRefused() {
        String token = feed.currentToken(ALICE);
        Actor alsoService = Actor.user("u1", "alice", Set.of("sales", "service"), Set.of());
        assertThrows(InvalidSyncTokenException.class, () -> feed.changes(alsoService, token, List.of("contact"), 10));
        roleVersions.put("sales", 4L); // an administrator edited the sales role's grants
        assertThrows(InvalidSyncTokenException.class, () -> feed.changes(ALICE, token, List.of("contact"), 10));
        assertFalse(feed.changes(ALICE, feed.currentToken(ALICE), List.of("contact"), 10).snapshot());
    }

    @Test
    void aTokenBelongsToTheUserItWasIssuedToAndASnapshotToo() {
        Actor bob = Actor.user("u2", "bob", Set.of("sales"), Set.of());
        assertThrows(InvalidSyncTokenException.class, () -> feed.changes(bob, feed.currentToken(ALICE), List.of("contact"), 10));
        readable("contact", "c1", 1);
        readable("contact", "c2", 1);
        ChangePage first = feed.changes(ALICE, null, List.of("contact"), 1);
        assertTrue(first.more());
        assertThrows(InvalidSyncTokenException.class, () -> feed.changes(bob, first.nextToken(), List.of("contact"), 1));
    }

    @Test
    void anExternalPrincipalsTokenFollowsItsAccount() {
        Actor ofAcme = Actor.external("p1", "pat", Set.of("portal"), "acme", "c9");
        Actor ofGlobex = Actor.external("p1", "pat", Set.of("portal"), "globex", "c9");
        assertThrows(InvalidSyncTokenException.class, () -> feed.changes(ofGlobex, feed.currentToken(ofAcme), List.of("contact"), 10));
    }

    private String tokenAfter(long sequence, Instant since) {
        return SyncToken.changesAfter(sequence, since, new AccessFingerprint(roles()).of(ALICE)).encode();
    }

    private void entry(long sequence, String kind, String type, String id) {
        entries.add(new OutboxChange(sequence, kind, type, id, 1, NOW.minusSeconds(10)));
        position = sequence;
    }

    private void readable(String type, String id, long version) {
        readable.put(type + "/" + id, new Record(type, id, version, "u1", NOW, NOW, "u1", "u1", Map.of("name", id)));
    }

    private Outbox outbox() {
        return new Outbox() {
            @Override
            public Optional<ConsumerPosition> position(String consumer) {
                return Optional.of(new ConsumerPosition(consumer, position, null, 0, null, null));
            }

            @Override
            public void replay(String consumer, Instant from) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<OutboxEntry> consumed(String consumer, Instant since, long afterSequence, int limit) {
                throw new UnsupportedOperationException("the feed needs no values");
            }

            @Override
            public List<OutboxChange> consumedChanges(String consumer, Instant since, long afterSequence, int limit) {
                return entries.stream().filter(e -> e.sequence() > afterSequence && e.sequence() <= position).limit(limit).toList();
            }
        };
    }

    /** Only a role's version matters to the feed. */
    private RoleService roles() {
        return (RoleService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RoleService.class}, (proxy, method, args) -> {
            if (!method.getName().equals("role")) {
                throw new UnsupportedOperationException(method.getName());
            }
            Long version = roleVersions.get((String) args[1]);
            return Optional.ofNullable(version).map(v -> new RoleDefinition((String) args[1], (String) args[1], List.of(), List.of(), Set.of(), false, v));
        });
    }

    /** Only query: by type, with an id IN filter or a keyset cursor (the index in the type's list). */
    private RecordService records() {
        return (RecordService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RecordService.class}, (proxy, method, args) -> {
            if (!method.getName().equals("query")) {
                throw new UnsupportedOperationException(method.getName());
            }
            Query q = (Query) args[1];
            List<Record> ofType = readable.values().stream().filter(r -> r.getType().equals(q.type())).toList();
            if (q.filter() instanceof Filter.Condition c) {
                return new Page<>(ofType.stream().filter(r -> c.values().contains(r.getId())).toList(), null);
            }
            int from = q.cursor() == null ? 0 : Integer.parseInt(q.cursor());
            int to = Math.min(ofType.size(), from + q.limit());
            return new Page<>(ofType.subList(from, to), to < ofType.size() ? Integer.toString(to) : null);
        });
    }
}
