package org.rapportcrm.sync.delta.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.outbox.ConsumerPosition;
import org.rapportcrm.platform.api.outbox.Outbox;
import org.rapportcrm.platform.api.outbox.OutboxConsumer;
import org.rapportcrm.platform.api.outbox.OutboxChange;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.RoleService;
import org.rapportcrm.sync.delta.api.ChangeFeed;
import org.rapportcrm.sync.delta.api.ChangePage;
import org.rapportcrm.sync.delta.api.InvalidSyncTokenException;
import org.rapportcrm.sync.delta.api.SyncChange;

/**
 * The change feed over the outbox. It registers an outbox consumer that does nothing but move: the platform keeps its
 * position past entries only once every earlier one has committed, so a token taken from that position never skips a
 * change that commits late, and {@link Outbox#consumed} reads the entries up to it on any node. A token is the caller's
 * own: one issued before the caller's access changed (see {@link AccessFingerprint}) is refused, so the client starts
 * over with a snapshot of what it may read now.
 */
@Component(service = {ChangeFeed.class, OutboxConsumer.class})
public class OutboxChangeFeed implements ChangeFeed, OutboxConsumer {
    static final String CONSUMER = "sync.changes";
    private final Outbox outbox;
    private final RecordService records;
    private final AccessFingerprint access;
    private final Clock clock;

    @Activate
    public OutboxChangeFeed(@Reference Outbox outbox, @Reference RecordService records, @Reference RoleService roles) {
        this(outbox, records, roles, Clock.systemUTC());
    }

    OutboxChangeFeed(Outbox outbox, RecordService records, RoleService roles, Clock clock) {
        this.outbox = outbox;
        this.records = records;
        this.access = new AccessFingerprint(roles);
        this.clock = clock;
    }

    @Override
    public String name() {
        return CONSUMER;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of();
    }

    @Override
    public int batchSize() {
        return 5000;
    }

    @Override
    public void consume(List<OutboxEntry> batch) {
        // Only the position matters: readers ask for the entries behind it.
    }

    @Override
    public ChangePage changes(Actor actor, String since, List<String> types, int limit) {
        if (types.isEmpty()) {
            throw new IllegalArgumentException("Name at least one record type");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("The limit is 1 to " + MAX_LIMIT + ", not " + limit);
        }
        Instant now = clock.instant();
        String callersAccess = access.of(actor);
        if (since == null || since.isBlank()) {
            return snapshot(actor, new SyncToken(position(), now, callersAccess, types.get(0), null), types, limit);
        }
        SyncToken token = SyncToken.decode(since, now);
        if (!token.access().equals(callersAccess)) {
            throw new InvalidSyncTokenException("The sync token was issued to another user, or before this user's roles, teams or "
                    + "account changed what it may read: start over with a full sync");
        }
        return token.isSnapshot() ? snapshot(actor, token, types, limit) : changesAfter(actor, token, types, limit, now);
    }

    @Override
    public String currentToken(Actor actor) {
        return SyncToken.changesAfter(position(), clock.instant(), access.of(actor)).encode();
    }

    private long position() {
        return outbox.position(CONSUMER).map(ConsumerPosition::sequence)
                .orElseThrow(() -> new IllegalStateException("The sync change feed is still starting: try again in a moment"));
    }

    /** Every record of the types, type after type by keyset; the last page hands over to the changes since the start. */
    private ChangePage snapshot(Actor actor, SyncToken token, List<String> types, int limit) {
        int typeIndex = types.indexOf(token.snapshotType());
        if (typeIndex < 0) {
            throw new InvalidSyncTokenException("The snapshot token was issued for other types: start over with a full sync");
        }
        List<SyncChange> changes = new ArrayList<>();
        String cursor = token.cursor();
        while (changes.size() < limit) {
            Query query = Query.of(types.get(typeIndex)).limit(Math.min(Query.MAX_LIMIT, limit - changes.size())).after(cursor);
            Page<Record> page = records.query(actor, query);
            page.items().forEach(r -> changes.add(new SyncChange(0, r.getType(), r.getId(), r.getVersion(), r)));
            cursor = page.nextCursor();
            if (cursor == null) {
                typeIndex++;
                if (typeIndex == types.size()) {
                    return new ChangePage(changes, token.changesAfter(token.sequence(), token.since()).encode(), true, true);
                }
            }
        }
        SyncToken next = new SyncToken(token.sequence(), token.since(), token.access(), types.get(typeIndex), cursor);
        return new ChangePage(changes, next.encode(), true, true);
    }

    private ChangePage changesAfter(Actor actor, SyncToken token, List<String> types, int limit, Instant now) {
        long position = position();
        if (token.sequence() > position) {
            throw new InvalidSyncTokenException("The sync token is not one this server issued: start over with a full sync");
        }
        List<OutboxChange> entries;
        try {
            entries = outbox.consumedChanges(CONSUMER, token.readFrom(), token.sequence(), limit);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The sync change feed is still starting: try again in a moment", e);
        }
        Set<String> wanted = Set.copyOf(types);
        // The latest entry of each record, in the order of those latest entries.
        Map<RecordKey, OutboxChange> latest = new LinkedHashMap<>();
        for (OutboxChange e : entries) {
            if (wanted.contains(e.recordType())) {
                RecordKey key = new RecordKey(e.recordType(), e.recordId());
                latest.remove(key);
                latest.put(key, e);
            }
        }
        Map<RecordKey, Record> visible = readable(actor, latest.values());
        List<SyncChange> changes = new ArrayList<>(latest.size());
        for (OutboxChange e : latest.values()) {
            Record current = visible.get(new RecordKey(e.recordType(), e.recordId()));
            if (current == null && RecordEvents.CREATED.equals(e.kind())) {
                // Unchanged since it was made, and not readable: no device of the caller's can hold it, so no
                // tombstone, which would tell another team's new record's id and time.
                continue;
            }
            changes.add(current == null ? new SyncChange(e.sequence(), e.recordType(), e.recordId(), e.version(), null)
                    : new SyncChange(e.sequence(), e.recordType(), e.recordId(), current.getVersion(), current));
        }
        boolean more = entries.size() == limit;
        SyncToken next = more ? token.changesAfter(entries.get(entries.size() - 1).sequence(), entries.get(entries.size() - 1).time())
                : token.changesAfter(Math.max(position, entries.isEmpty() ? 0 : entries.get(entries.size() - 1).sequence()), now);
        return new ChangePage(changes, next.encode(), more, false);
    }

    private record RecordKey(String type, String id) {
    }

    /** The records the actor may read now among those changed (not deleted), by type and id, read a thousand at a time. */
    private Map<RecordKey, Record> readable(Actor actor, Iterable<OutboxChange> changed) {
        Map<String, List<String>> idsByType = new HashMap<>();
        for (OutboxChange e : changed) {
            if (!RecordEvents.DELETED.equals(e.kind())) {
                idsByType.computeIfAbsent(e.recordType(), t -> new ArrayList<>()).add(e.recordId());
            }
        }
        Map<RecordKey, Record> found = new HashMap<>();
        idsByType.forEach((type, ids) -> {
            for (int from = 0; from < ids.size(); from += Query.MAX_LIMIT) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + Query.MAX_LIMIT));
                records.query(actor, Query.of(type).where(Filter.in("id", chunk)).limit(chunk.size()))
                        .items().forEach(r -> found.put(new RecordKey(type, r.getId()), r));
            }
        });
        return found;
    }
}
