package org.rapportcrm.marketing.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.automation.AutomationEvents;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.outbox.Outbox;
import org.rapportcrm.platform.api.outbox.OutboxConsumer;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps dynamic segments current from the outbox: each committed change of a contact is tested in memory against
 * every dynamic segment (one read of the contact's memberships, writes only for what changed); a change of an account
 * that flips an account filter re-tests that account's contacts; a changed segment reloads the definitions. Entries
 * and exits are written with their history and then fired as automation events on the contact, when automation is
 * installed. Applying a change twice (a batch given again) changes nothing the second time. In a steady stream of
 * changes the batches are {@value #BATCH_INTERVAL_MILLIS} ms apart, so one read and one commit serve the changes of
 * that time (a commit waits for the disk on Derby); a contact still enters within a second.
 */
@Component(property = Outbox.BATCH_INTERVAL_MILLIS + ":Long=" + SegmentMaintenance.BATCH_INTERVAL_MILLIS)
public class SegmentMaintenance implements OutboxConsumer {
    static final long BATCH_INTERVAL_MILLIS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(SegmentMaintenance.class);
    private final RecordService records;
    private final SegmentDefinitions definitions;
    private final MembershipStore store;
    private final UpkeepTimes times;
    private final Clock clock;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AutomationEvents automation;

    @Activate
    public SegmentMaintenance(@Reference RecordService records, @Reference SegmentDefinitions definitions, @Reference MembershipStore store,
            @Reference UpkeepTimes times) {
        this(records, definitions, store, times, Clock.systemUTC(), null);
    }

    SegmentMaintenance(RecordService records, SegmentDefinitions definitions, MembershipStore store, UpkeepTimes times, Clock clock,
            AutomationEvents automation) {
        this.records = records;
        this.definitions = definitions;
        this.store = store;
        this.times = times;
        this.clock = clock;
        this.automation = automation;
    }

    @Override
    public String name() {
        return "marketing.segments";
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of("contact", "account", Marketing.SEGMENT);
    }

    @Override
    public void consume(List<OutboxEntry> batch) {
        Map<String, Map<String, Object>> accounts = new HashMap<>();
        Function<String, Map<String, Object>> account = id -> {
            if (!accounts.containsKey(id)) { // null: known to be gone
                accounts.put(id, accountValues(id));
            }
            return accounts.get(id);
        };
        // Each contact changed in the batch with its latest values (null: deleted), in the order of those latest changes.
        Map<String, Map<String, Object>> contacts = new LinkedHashMap<>();
        for (OutboxEntry entry : batch) {
            switch (entry.recordType()) {
                case Marketing.SEGMENT -> segmentChanged(entry);
                case "account" -> {
                    accounts.put(entry.recordId(), entry.kind().equals(RecordEvents.DELETED) ? null : entry.values());
                    accountChanged(entry, contacts);
                }
                default -> latest(contacts, entry.recordId(), entry.kind().equals(RecordEvents.DELETED) ? null : entry.values());
            }
        }
        if (!contacts.isEmpty()) {
            long start = System.nanoTime();
            readAccounts(contacts.values(), accounts);
            keepCurrent(contacts, account);
            times.record(System.nanoTime() - start, contacts.size());
        }
    }

    /**
     * Reads together the accounts that account filters will ask about: those of the changed contacts that pass the
     * contact part of a segment with an account filter. Read one at a time, each cost a change a round trip to the
     * database.
     */
    private void readAccounts(Collection<Map<String, Object>> contacts, Map<String, Map<String, Object>> accounts) {
        List<SegmentDefinition> reaching = definitions.dynamic().stream().filter(SegmentDefinition::reachesAccount).toList();
        Set<String> wanted = new LinkedHashSet<>();
        for (Map<String, Object> values : contacts) {
            Object accountId = values == null ? null : values.get("account");
            if (accountId != null && !accounts.containsKey(accountId.toString()) && reaching.stream().anyMatch(d -> d.matchesContact(values))) {
                wanted.add(accountId.toString());
            }
        }
        forEachRecord("account", List.copyOf(wanted), account -> accounts.put(account.getId(), account.getValues()));
        wanted.forEach(id -> accounts.putIfAbsent(id, null)); // deleted meanwhile
    }

    /** The records of the type with these ids that still exist, read a page at a time. */
    private void forEachRecord(String type, List<String> ids, Consumer<Record> action) {
        for (int from = 0; from < ids.size(); from += Query.MAX_LIMIT) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + Query.MAX_LIMIT));
            records.query(Actor.system(), Query.of(type).where(Filter.in("id", chunk)).limit(chunk.size())).items().forEach(action);
        }
    }

    private static void latest(Map<String, Map<String, Object>> contacts, String id, Map<String, Object> values) {
        contacts.remove(id);
        contacts.put(id, values);
    }

    private void segmentChanged(OutboxEntry entry) {
        definitions.invalidate();
        if (entry.kind().equals(RecordEvents.DELETED)) {
            store.dropSegment(entry.recordId());
        }
    }

    /** Adds the account's contacts, as they are now, when the change turned a segment's account filter. */
    private void accountChanged(OutboxEntry entry, Map<String, Map<String, Object>> contacts) {
        if (!entry.kind().equals(RecordEvents.UPDATED)) {
            return; // a new account has no contacts yet; a deleted one's contacts change themselves (their reference is cleared)
        }
        Map<String, Object> before = new LinkedHashMap<>(entry.values());
        before.putAll(entry.previousValues());
        boolean turned = definitions.dynamic().stream().filter(SegmentDefinition::reachesAccount)
                .anyMatch(d -> d.accountPredicate().test(entry.values(), Map.of()) != d.accountPredicate().test(before, Map.of()));
        if (turned) {
            records.forEach(Actor.system(), Query.of("contact").where(Filter.eq("account", entry.recordId())).limit(Query.MAX_LIMIT),
                    contact -> latest(contacts, contact.getId(), contact.getValues()));
        }
    }

    /**
     * Puts each contact into the dynamic segments it matches now and out of those it no longer matches; a deleted one
     * leaves them all. One read of the contacts' memberships and one transaction for all their entries and exits.
     */
    private void keepCurrent(Map<String, Map<String, Object>> contacts, Function<String, Map<String, Object>> accounts) {
        Instant now = clock.instant();
        List<SegmentDefinition> dynamic = definitions.dynamic();
        List<String> changed = contacts.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList();
        // One transaction on one connection: the memberships read, the entries and exits, and the automation events
        // these start, which commit together (none without the other).
        records.inTransaction(() -> {
            contacts.forEach((contactId, values) -> {
                if (values == null) {
                    store.removeContact(contactId, now);
                }
            });
            if (dynamic.isEmpty() || changed.isEmpty()) {
                return null;
            }
            Map<String, Set<String>> current = store.segmentsOf(changed);
            List<Moved> moves = new ArrayList<>();
            for (String contactId : changed) {
                Set<String> in = current.getOrDefault(contactId, Set.of());
                List<SegmentDefinition> entered = new ArrayList<>();
                List<SegmentDefinition> exited = new ArrayList<>();
                for (SegmentDefinition d : dynamic) {
                    boolean matches = d.matches(contacts.get(contactId), accounts);
                    if (matches && !in.contains(d.id())) {
                        entered.add(d);
                    } else if (!matches && in.contains(d.id())) {
                        exited.add(d);
                    }
                }
                if (!entered.isEmpty() || !exited.isEmpty()) {
                    moves.add(new Moved(contactId, entered, exited));
                }
            }
            if (!moves.isEmpty()) {
                store.change(moves.stream().map(m -> new MembershipStore.Change(m.contactId(), ids(m.entered()), ids(m.exited()))).toList(), now);
                fire(moves);
            }
            return null;
        });
    }

    private record Moved(String contactId, List<SegmentDefinition> entered, List<SegmentDefinition> exited) {
    }

    private static List<String> ids(List<SegmentDefinition> segments) {
        return segments.stream().map(SegmentDefinition::id).toList();
    }

    /** Starts the workflow rules of the entries and exits, when automation is installed; the contacts read together. */
    private void fire(List<Moved> moves) {
        AutomationEvents events = automation;
        if (events == null) {
            return;
        }
        Map<String, Record> contacts = new HashMap<>();
        forEachRecord("contact", moves.stream().map(Moved::contactId).toList(), r -> contacts.put(r.getId(), r));
        for (Moved m : moves) {
            Record contact = contacts.get(m.contactId());
            if (contact == null) {
                LOG.debug("Contact {} was deleted before its segment events were fired", m.contactId());
                continue;
            }
            try {
                m.entered().forEach(d -> events.fire(Marketing.SEGMENT_ENTERED, contact, Map.of("segmentId", d.id(), "segmentName", d.name())));
                m.exited().forEach(d -> events.fire(Marketing.SEGMENT_EXITED, contact, Map.of("segmentId", d.id(), "segmentName", d.name())));
            } catch (IllegalArgumentException notRegistered) {
                // Automation came without our triggers registered yet (they are components of this bundle): membership is kept all the same.
                LOG.warn("Segment events for contact {} not fired: {}", m.contactId(), notRegistered.getMessage());
            }
        }
    }

    private Map<String, Object> accountValues(String id) {
        try {
            return records.get(Actor.system(), "account", id).getValues();
        } catch (RecordNotFoundException gone) {
            return null;
        }
    }
}
