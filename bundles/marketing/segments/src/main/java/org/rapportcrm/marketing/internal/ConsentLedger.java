package org.rapportcrm.marketing.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.api.Consents;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.RoleService;

/**
 * The consent ledger over {@code consentEntry} records, which only this code writes (as the system): entries are
 * appended, never changed. Within one contact, purpose and channel each entry is recorded strictly after the previous
 * one, so "the latest" is always one entry. A double opt-in appends a pending entry first and a given entry that
 * names it when the recipient confirms; each pending entry can be confirmed once.
 */
@Component(service = {Consents.class, ConsentLedger.class})
public class ConsentLedger implements Consents {
    private static final int IN_LIST = 500;
    private final RecordService records;
    private final RoleService roles;
    private final Clock clock;

    @Activate
    public ConsentLedger(@Reference RecordService records, @Reference RoleService roles) {
        this(records, roles, Clock.systemUTC());
    }

    ConsentLedger(RecordService records, RoleService roles, Clock clock) {
        this.records = records;
        this.roles = roles;
        this.clock = clock;
    }

    @Override
    public String record(Actor actor, ConsentRequest request) {
        checkMayRecord(actor, request.contactId());
        return append(request.contactId(), request.purposeId(), request.channel(), request.given() ? Marketing.GIVEN : Marketing.WITHDRAWN,
                request.source(), request.shownText(), null);
    }

    /** Whether the actor may record a consent of the contact: read it, and change contacts. */
    void checkMayRecord(Actor actor, String contactId) {
        records.get(actor, "contact", required("contactId", contactId));
        if (!actor.isSystem() && roles.access(actor, "contact").edit() == AccessScope.NONE) {
            throw new AccessDeniedException("Recording a consent needs the right to change contacts");
        }
    }

    /** A sign-up's consent waiting for the recipient's confirmation; returns the pending entry's id. */
    String requestConfirmation(String contactId, String purposeId, String channel, String source, String shownText) {
        return append(contactId, purposeId, channel, Marketing.PENDING, source, shownText, null);
    }

    /**
     * Confirms a pending entry: appends the given consent it asked for.
     *
     * @return the pending entry, or null if there is none of that id or it was confirmed already
     */
    Record confirm(String pendingEntryId) {
        Record pending;
        try {
            pending = records.get(Actor.system(), Marketing.CONSENT_ENTRY, pendingEntryId);
        } catch (RecordNotFoundException e) {
            return null;
        }
        if (!Marketing.PENDING.equals(pending.get("status"))
                || records.count(Actor.system(), Marketing.CONSENT_ENTRY, Filter.eq("confirms", pendingEntryId)) > 0) {
            return null;
        }
        append((String) pending.get("contact"), (String) pending.get("purpose"), (String) pending.get("channel"), Marketing.GIVEN,
                "Double opt-in confirmation", (String) pending.get("shownText"), pendingEntryId);
        return pending;
    }

    /** Appends a given or withdrawn entry on the recipient's own behalf (the preference centre). */
    String recordForRecipient(String contactId, String purposeId, String channel, boolean given) {
        return append(contactId, purposeId, channel, given ? Marketing.GIVEN : Marketing.WITHDRAWN, "Preference centre", null, null);
    }

    private String append(String contactId, String purposeId, String channel, String status, String source, String shownText, String confirms) {
        Record purpose = purpose(purposeId);
        if (channel == null || !Marketing.CHANNELS.contains(channel)) {
            throw new ValidationException("channel", "invalid", "channel must be one of " + Marketing.CHANNELS);
        }
        return records.inTransaction(() -> {
            Instant at = clock.instant();
            Instant latest = latest(contactId, purposeId, channel);
            if (latest != null && !at.isAfter(latest)) {
                at = latest.plusMillis(1);
            }
            Map<String, Object> values = new HashMap<>();
            values.put("summary", status + ": " + purpose.get("name") + " by " + channel);
            values.put("contact", contactId);
            values.put("purpose", purposeId);
            values.put("channel", channel);
            values.put("status", status);
            values.put("source", source);
            values.put("shownText", shownText != null ? shownText : purpose.get("consentText"));
            values.put("recordedAt", at.toString());
            values.put("confirms", confirms);
            return records.create(Actor.system(), Marketing.CONSENT_ENTRY, values).getId();
        });
    }

    private Record purpose(String purposeId) {
        try {
            return records.get(Actor.system(), Marketing.CONSENT_PURPOSE, required("purposeId", purposeId));
        } catch (RecordNotFoundException e) {
            throw new ValidationException("purposeId", "notFound", "no consent purpose " + purposeId);
        }
    }

    private Instant latest(String contactId, String purposeId, String channel) {
        Instant latest = null;
        for (Record r : records.all(Actor.system(), Query.of(Marketing.CONSENT_ENTRY).where(Filter.and(Filter.eq("contact", contactId),
                Filter.eq("purpose", purposeId), Filter.eq("channel", channel))).limit(Query.MAX_LIMIT))) {
            Instant at = recordedAt(r);
            latest = latest == null || at.isAfter(latest) ? at : latest;
        }
        return latest;
    }

    @Override
    public List<ConsentState> current(Actor actor, String contactId) {
        records.get(actor, "contact", contactId);
        Map<String, Record> latest = new HashMap<>();
        records.forEach(Actor.system(), Query.of(Marketing.CONSENT_ENTRY).where(Filter.and(Filter.eq("contact", contactId),
                Filter.in("status", List.of(Marketing.GIVEN, Marketing.WITHDRAWN)))).limit(Query.MAX_LIMIT),
                r -> latest.merge(r.get("purpose") + "/" + r.get("channel"), r, ConsentLedger::later));
        return latest.values().stream().map(ConsentLedger::state)
                .sorted(java.util.Comparator.comparing(ConsentState::purposeId).thenComparing(ConsentState::channel)).toList();
    }

    @Override
    public Set<String> allowed(String purposeId, String channel, Collection<String> contactIds) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(contactIds));
        Set<String> allowed = new LinkedHashSet<>();
        for (int i = 0; i < distinct.size(); i += IN_LIST) {
            List<String> chunk = distinct.subList(i, Math.min(distinct.size(), i + IN_LIST));
            Map<String, Record> latest = new HashMap<>();
            records.forEach(Actor.system(), Query.of(Marketing.CONSENT_ENTRY).where(Filter.and(Filter.in("contact", chunk),
                    Filter.eq("purpose", purposeId), Filter.eq("channel", channel), Filter.in("status", List.of(Marketing.GIVEN, Marketing.WITHDRAWN))))
                    .limit(Query.MAX_LIMIT), r -> latest.merge((String) r.get("contact"), r, ConsentLedger::later));
            chunk.stream().filter(id -> latest.containsKey(id) && Marketing.GIVEN.equals(latest.get(id).get("status"))).forEach(allowed::add);
        }
        return allowed;
    }

    /** {@link #allowed(String, String, Collection)} for a user: only about the contacts the actor may read. */
    Set<String> allowed(Actor actor, String purposeId, String channel, Collection<String> contactIds) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(contactIds));
        Set<String> readable = new LinkedHashSet<>();
        for (int i = 0; i < distinct.size(); i += IN_LIST) {
            List<String> chunk = distinct.subList(i, Math.min(distinct.size(), i + IN_LIST));
            records.forEach(actor, Query.of("contact").where(Filter.in("id", chunk)).limit(Query.MAX_LIMIT), r -> readable.add(r.getId()));
        }
        return allowed(purposeId, channel, readable);
    }

    /**
     * What a recipient's preference centre shows: every active purpose with the current answer per channel answered
     * (an absent channel has no answer, which does not count as given).
     */
    List<Map<String, Object>> preferences(String contactId) {
        Map<String, Boolean> answers = new HashMap<>();
        current(Actor.system(), contactId).forEach(s -> answers.put(s.purposeId() + "/" + s.channel(), s.given()));
        List<Map<String, Object>> purposes = new ArrayList<>();
        records.forEach(Actor.system(), Query.of(Marketing.CONSENT_PURPOSE).where(Filter.eq("active", true)).limit(Query.MAX_LIMIT), p -> {
            Map<String, Object> channels = new java.util.LinkedHashMap<>();
            Marketing.CHANNELS.forEach(c -> channels.put(c, answers.get(p.getId() + "/" + c)));
            Map<String, Object> purpose = new java.util.LinkedHashMap<>();
            purpose.put("purposeId", p.getId());
            purpose.put("name", p.get("name"));
            purpose.put("text", p.get("consentText"));
            purpose.put("channels", channels);
            purposes.add(purpose);
        });
        return purposes;
    }

    private static Record later(Record a, Record b) {
        return recordedAt(b).isAfter(recordedAt(a)) ? b : a;
    }

    private static ConsentState state(Record r) {
        return new ConsentState((String) r.get("contact"), (String) r.get("purpose"), (String) r.get("channel"),
                Marketing.GIVEN.equals(r.get("status")), recordedAt(r), (String) r.get("source"));
    }

    private static Instant recordedAt(Record r) {
        Object at = r.get("recordedAt");
        return at instanceof Instant i ? i : Instant.parse(String.valueOf(at));
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, "required", field + " is required");
        }
        return value;
    }
}
