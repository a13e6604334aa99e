package org.rapportcrm.sync.dav.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sync.delta.api.ChangeFeed;
import org.rapportcrm.sync.delta.api.ChangePage;
import org.rapportcrm.sync.delta.api.SyncChange;

/**
 * What address books and calendars share: a collection is the records of one type the user may read that its
 * {@link DavScope} selects (the user's own, a team's, a saved view's), as items named by {@link ItemNames}, with ETags that are the records' versions and RFC 6578
 * changes from the delta feed. Reads and writes go through the record service as the user, so permissions, validation
 * and audit are those of any other change. Subclasses map records to their text format and back.
 *
 * @param <T> the parsed form of an item a client sends (a vCard, an iCalendar object)
 */
abstract class DavCollection<T> {
    private static final int PAGE = Query.MAX_LIMIT;
    protected final RecordService records;
    private final ItemNames names;
    private final ChangeFeed feed;
    private final DavPath.Area area;
    private final SharedScopes shared;

    /** One item of the collection. */
    record Member(String name, String uid, Record record) {
        String etag() {
            return "\"" + record.getVersion() + "\"";
        }
    }

    /** What changed since a token: members now, names gone (404), and the token to send next time. */
    record Changes(List<Member> changed, List<String> gone, String token) {
    }

    /** An item a client sent that cannot be read, or that lacks what the record needs; nothing was changed. */
    static final class InvalidItem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidItem(String message) {
            super(message);
        }
    }

    /** A PUT of a new item whose UID another item has (RFC 6352 / RFC 4791 no-uid-conflict). */
    static final class UidTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String holderName;

        UidTaken(String holderName) {
            super("Another item has this UID: " + holderName);
            this.holderName = holderName;
        }
    }

    protected DavCollection(DavPath.Area area, RecordService records, ItemNames names, ChangeFeed feed, SharedScopes shared) {
        this.area = area;
        this.records = records;
        this.names = names;
        this.feed = feed;
        this.shared = shared;
    }

    abstract String recordType();

    /** The user's own collection, where new items go (its segment is the area's {@code collectionSegment}). */
    abstract DavScope own(Actor actor);

    /** Which of the type's records are items of this area at all, in SQL (null: all); agrees with {@link #isItem}. */
    Filter items() {
        return null;
    }

    boolean isItem(Record record) {
        return true;
    }

    /** The actor's collections: their own first, then one per team of theirs and per saved view of the type they see. */
    List<DavScope> scopes(Actor actor) {
        List<DavScope> all = new ArrayList<>(List.of(own(actor)));
        all.addAll(shared.of(actor, recordType(), area.collectionSegment, items(), this::isItem));
        return all;
    }

    Optional<DavScope> scope(Actor actor, String segment) {
        return segment.equals(area.collectionSegment) ? Optional.of(own(actor))
                : scopes(actor).stream().filter(s -> s.segment().equals(segment)).findFirst();
    }

    /** Reads an item's text. @throws InvalidItem if it is not one */
    abstract T parse(String text);

    /** The UID the client gave the item, or null. */
    abstract String uid(T item);

    /** The record's fields from an item; {@code existing} is null on create. @throws InvalidItem if a required part is missing */
    abstract Map<String, Object> fields(T item, Record existing);

    /** The members as text, by name; {@code version} is the format version a client asked for, or null. */
    abstract Map<String, String> render(Actor actor, List<Member> members, String version);

    DavPath.Area area() {
        return area;
    }

    /** Hands every member to {@code page}, a thousand at a time. */
    void forEachPage(Actor actor, DavScope scope, Consumer<List<Member>> page) {
        String cursor = null;
        do {
            Page<Record> found = records.query(actor, Query.of(recordType()).where(scope.filter()).limit(PAGE).after(cursor));
            page.accept(members(found.items()));
            cursor = found.nextCursor();
        } while (cursor != null);
    }

    Optional<Member> find(Actor actor, DavScope scope, String name) {
        return names.recordId(name, area.suffix).flatMap(id -> {
            try {
                Record r = records.get(actor, recordType(), id);
                return scope.contains().test(r) ? Optional.of(members(List.of(r)).get(0)) : Optional.<Member>empty();
            } catch (RecordNotFoundException | AccessDeniedException e) {
                return Optional.empty();
            }
        }).filter(m -> m.name().equals(name));
    }

    /** The members of these names the actor may read, by name (names of nothing left out). */
    Map<String, Member> findAll(Actor actor, DavScope scope, Collection<String> wanted) {
        List<String> ids = wanted.stream().map(n -> names.recordId(n, area.suffix)).flatMap(Optional::stream).distinct().toList();
        Map<String, Member> byName = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += PAGE) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + PAGE));
            // By id alone, scoped here: the database then looks the ids up by key, whatever the scope's filter.
            List<Record> found = records.query(actor, Query.of(recordType()).where(Filter.in("id", chunk)).limit(chunk.size())).items();
            members(found.stream().filter(scope.contains()).toList()).forEach(m -> byName.put(m.name(), m));
        }
        byName.keySet().retainAll(wanted);
        return byName;
    }

    /**
     * Creates a record from an item a client PUT under a new name, keeping the name and UID it chose.
     *
     * @throws UidTaken if another item has the UID
     */
    Member create(Actor actor, String name, T item) {
        Map<String, Object> fields = fields(item, null);
        String uid = Optional.ofNullable(uid(item)).orElse(name.substring(0, name.length() - area.suffix.length()));
        Optional<String> holder = names.recordWithUid(uid).filter(this::exists);
        if (holder.isPresent()) {
            throw new UidTaken(names.item(holder.get(), area.suffix).name());
        }
        return records.inTransaction(() -> {
            Record created = records.create(actor, recordType(), fields);
            names.keep(created.getId(), name, uid);
            return new Member(name, uid, created);
        });
    }

    Member update(Actor actor, Member existing, T item) {
        Record updated = records.update(actor, recordType(), existing.record().getId(), existing.record().getVersion(),
                fields(item, existing.record()));
        return new Member(existing.name(), existing.uid(), updated);
    }

    void delete(Actor actor, Member existing) {
        records.delete(actor, recordType(), existing.record().getId(), existing.record().getVersion());
    }

    /** The actor's token for the collection as it is now (its {@code sync-token} and {@code getctag}). */
    String token(Actor actor) {
        return feed.currentToken(actor);
    }

    /**
     * What changed after {@code token} (null: every member, as the first sync), all pages at once. A record that left
     * the collection (an activity that became a note, a contact no longer in the view) is gone like a deleted one.
     *
     * @throws org.rapportcrm.sync.delta.api.InvalidSyncTokenException for a token that is unknown or too old
     */
    Changes changesSince(Actor actor, DavScope scope, String token) {
        if (token == null) {
            // The first sync is the members now; changes from a token taken before reading them come next time.
            String start = token(actor);
            List<Member> all = new ArrayList<>();
            forEachPage(actor, scope, all::addAll);
            return new Changes(all, List.of(), start);
        }
        Map<String, SyncChange> latest = new LinkedHashMap<>();
        String next = token;
        ChangePage page;
        do {
            page = feed.changes(actor, next, List.of(recordType()), ChangeFeed.MAX_LIMIT);
            page.changes().forEach(c -> {
                latest.remove(c.id());
                latest.put(c.id(), c);
            });
            next = page.nextToken();
        } while (page.more());
        Map<String, ItemNames.Item> named = names.items(latest.keySet(), area.suffix);
        List<Record> now = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (SyncChange c : latest.values()) {
            if (c.isTombstone() || !scope.contains().test(c.record())) {
                // Never seen by this client is fine: RFC 6578 lets a server report a 404 for an unknown member.
                gone.add(named.get(c.id()).name());
            } else {
                now.add(c.record());
            }
        }
        return new Changes(members(now, named), gone, next);
    }

    private boolean exists(String recordId) {
        try {
            records.get(Actor.system(), recordType(), recordId);
            return true;
        } catch (RecordNotFoundException e) {
            return false;
        }
    }

    private List<Member> members(List<Record> found) {
        return members(found, names.items(found.stream().map(Record::getId).toList(), area.suffix));
    }

    private static List<Member> members(List<Record> found, Map<String, ItemNames.Item> named) {
        return found.stream().map(r -> {
            ItemNames.Item c = named.get(r.getId());
            return new Member(c.name(), c.uid(), r);
        }).toList();
    }
}
