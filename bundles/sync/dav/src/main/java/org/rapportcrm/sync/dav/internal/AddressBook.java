package org.rapportcrm.sync.dav.internal;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
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
 * A user's address book: the contacts they may read, as vCards named by {@link CardStore}, with ETags that are the
 * records' versions. Reads and writes go through the record service as the user, so permissions, validation and audit
 * are those of any other change.
 */
@Component(service = AddressBook.class)
public class AddressBook {
    private static final int PAGE = Query.MAX_LIMIT;
    private final RecordService records;
    private final CardStore cards;
    private final ChangeFeed feed;

    /** One card of the address book. */
    record Member(String name, String uid, Record record) {
        String etag() {
            return etag(record.getVersion());
        }

        static String etag(long version) {
            return "\"" + version + "\"";
        }
    }

    /** What changed since a token: members now, names gone (404), and the token to send next time. */
    record Changes(List<Member> changed, List<String> gone, String token) {
    }

    @Activate
    public AddressBook(@Reference RecordService records, @Reference CardStore cards, @Reference ChangeFeed feed) {
        this.records = records;
        this.cards = cards;
        this.feed = feed;
    }

    /** Hands every member to {@code page}, a thousand at a time. */
    void forEachPage(Actor actor, Consumer<List<Member>> page) {
        String cursor = null;
        do {
            Page<Record> found = records.query(actor, Query.of(ContactCards.TYPE).limit(PAGE).after(cursor));
            page.accept(members(found.items()));
            cursor = found.nextCursor();
        } while (cursor != null);
    }

    Optional<Member> find(Actor actor, String name) {
        return cards.recordId(name).flatMap(id -> {
            try {
                Record r = records.get(actor, ContactCards.TYPE, id);
                return Optional.of(members(List.of(r)).get(0));
            } catch (RecordNotFoundException | AccessDeniedException e) {
                return Optional.empty();
            }
        }).filter(m -> m.name().equals(name));
    }

    /** The members of these names the actor may read, by name (names of nothing left out). */
    Map<String, Member> findAll(Actor actor, Collection<String> names) {
        List<String> ids = names.stream().map(cards::recordId).flatMap(Optional::stream).distinct().toList();
        Map<String, Member> byName = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += PAGE) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + PAGE));
            members(records.query(actor, Query.of(ContactCards.TYPE).where(Filter.in("id", chunk)).limit(chunk.size())).items())
                    .forEach(m -> byName.put(m.name(), m));
        }
        byName.keySet().retainAll(names);
        return byName;
    }

    /** The members' vCards, by name, with ORG from each contact's account as the actor may read it. */
    Map<String, String> vcards(Actor actor, List<Member> members, VCardVersion version) {
        List<String> accountIds = members.stream().map(m -> m.record().get("account")).filter(Objects::nonNull).map(Object::toString)
                .distinct().toList();
        Map<String, String> accountNames = new HashMap<>();
        for (int from = 0; from < accountIds.size(); from += PAGE) {
            List<String> chunk = accountIds.subList(from, Math.min(accountIds.size(), from + PAGE));
            records.query(actor, Query.of("account").where(Filter.in("id", chunk)).limit(chunk.size())).items()
                    .forEach(a -> accountNames.put(a.getId(), Objects.toString(a.get("name"), null)));
        }
        Map<String, String> vcards = new LinkedHashMap<>();
        for (Member m : members) {
            Object account = m.record().get("account");
            vcards.put(m.name(), ContactCards.write(m.record(), m.uid(), account == null ? null : accountNames.get(account.toString()), version));
        }
        return vcards;
    }

    /**
     * Creates a contact from a card a client PUT under a new name, keeping the name and UID it chose.
     *
     * @throws UidTaken if another card has the UID
     */
    Member create(Actor actor, String name, VCard card) {
        Map<String, Object> fields = ContactCards.fields(card);
        String uid = Optional.ofNullable(ContactCards.uid(card)).orElse(name.substring(0, name.length() - CardStore.SUFFIX.length()));
        Optional<String> holder = cards.recordWithUid(uid).filter(id -> exists(id));
        if (holder.isPresent()) {
            throw new UidTaken(cards.card(holder.get()).name());
        }
        return records.inTransaction(() -> {
            Record created = records.create(actor, ContactCards.TYPE, fields);
            cards.keep(created.getId(), name, uid);
            return new Member(name, uid, created);
        });
    }

    Member update(Actor actor, Member existing, VCard card) {
        Record updated = records.update(actor, ContactCards.TYPE, existing.record().getId(), existing.record().getVersion(),
                ContactCards.fields(card));
        return new Member(existing.name(), existing.uid(), updated);
    }

    void delete(Actor actor, Member existing) {
        records.delete(actor, ContactCards.TYPE, existing.record().getId(), existing.record().getVersion());
    }

    /** The token for the address book as it is now (its {@code sync-token} and {@code getctag}). */
    String token() {
        return feed.currentToken();
    }

    /**
     * What changed after {@code token} (null: everything, as the first sync), all pages at once.
     *
     * @throws org.rapportcrm.sync.delta.api.InvalidSyncTokenException for a token that is unknown or too old
     */
    Changes changesSince(Actor actor, String token) {
        Map<String, SyncChange> latest = new LinkedHashMap<>();
        String next = token;
        ChangePage page;
        do {
            page = feed.changes(actor, next, List.of(ContactCards.TYPE), ChangeFeed.MAX_LIMIT);
            page.changes().forEach(c -> {
                latest.remove(c.id());
                latest.put(c.id(), c);
            });
            next = page.nextToken();
        } while (page.more());
        Map<String, CardStore.Card> named = cards.cards(latest.keySet());
        List<Record> now = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (SyncChange c : latest.values()) {
            if (c.isTombstone()) {
                gone.add(named.get(c.id()).name());
            } else {
                now.add(c.record());
            }
        }
        return new Changes(members(now, named), gone, next);
    }

    /** A PUT of a new card whose UID another card of the address book has (RFC 6352 no-uid-conflict). */
    static final class UidTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String holderName;

        UidTaken(String holderName) {
            super("Another card has this UID: " + holderName);
            this.holderName = holderName;
        }
    }

    private boolean exists(String recordId) {
        try {
            records.get(org.rapportcrm.platform.api.security.Actor.system(), ContactCards.TYPE, recordId);
            return true;
        } catch (RecordNotFoundException e) {
            return false;
        }
    }

    private List<Member> members(List<Record> contacts) {
        return members(contacts, cards.cards(contacts.stream().map(Record::getId).toList()));
    }

    private static List<Member> members(List<Record> contacts, Map<String, CardStore.Card> named) {
        return contacts.stream().map(r -> {
            CardStore.Card c = named.get(r.getId());
            return new Member(c.name(), c.uid(), r);
        }).toList();
    }
}
