package org.rapportcrm.service.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.query.RecordFilters;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.service.api.Cases;
import org.rapportcrm.service.internal.routing.CaseRouting;
import org.rapportcrm.service.internal.sla.SlaEngine;
import org.rapportcrm.service.internal.sla.SlaEscalations;
import org.rapportcrm.service.internal.sla.SlaPolicies;

/**
 * What happens with every case write, in its transaction, whoever writes it (REST, console, import, e-mail):
 * a new case gets its number and, without a queue, the queue of the assignment rules; the account's service tier is
 * copied onto the case (rules and SLA targets read it there); status changes stamp resolved and closed times (and
 * clear them when a case is reopened); an agent's response ({@code lastResponseAt}) counts, and the first one is the
 * first response; the SLA fields follow ({@link SlaEngine}). After the write, the SLA tasks follow the clocks
 * ({@link SlaEscalations}) and a case new in a queue goes to one of its agents ({@link CaseRouting}).
 */
@Component(service = RecordTrigger.class)
public class CaseRules implements RecordTrigger {
    private static final Set<String> SLA_FIELDS = Set.of("status", "firstResponseDueAt", "firstResponseWarningAt", "nextResponseDueAt",
            "nextResponseWarningAt", "resolutionDueAt", "resolutionWarningAt", "firstResponseAt", "resolvedAt");

    private final RecordService records;
    private final CaseNumbers numbers;
    private final CaseRouting routing;
    private final SlaEngine sla;
    private final SlaEscalations escalations;
    private final Clock clock;

    @Activate
    public CaseRules(@Reference RecordService records, @Reference UserService users, @Reference RecordFilters filters,
            @Reference SlaEscalations escalations) {
        this(records, users, filters, escalations, Clock.systemUTC());
    }

    public CaseRules(RecordService records, UserService users, RecordFilters filters, SlaEscalations escalations, Clock clock) {
        this.records = records;
        this.numbers = new CaseNumbers(records);
        this.routing = new CaseRouting(records, users, filters);
        this.sla = new SlaEngine(new SlaPolicies(records, filters));
        this.escalations = escalations;
        this.clock = clock;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(ServiceTypes.CASE);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (before == null && after.get("caseNumber") == null) {
            after.put("caseNumber", numbers.next());
        }
        if (after.get(Cases.OPENED_AT) == null) {
            after.put(Cases.OPENED_AT, before == null ? now : before.getCreatedAt());
        }
        if (before == null || changed(before, after, "account")) {
            after.put("accountTier", tierOf((String) after.get("account")));
        }
        if (after.get("mergedInto") != null && (before == null || before.get("mergedInto") == null)) {
            after.put("status", Cases.CLOSED);
        }
        stampStatus(before, after, now);
        countResponse(before, after);
        if (before == null && after.get("queue") == null) {
            routing.queueFor(after).ifPresent(queue -> after.put("queue", queue));
        }
        sla.apply(before, after, (Instant) after.get(Cases.OPENED_AT), now);
    }

    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        Record written = change.record();
        boolean created = RecordEvents.CREATED.equals(change.kind());
        if (RecordEvents.DELETED.equals(change.kind())) {
            escalations.caseWritten(Map.of(SystemFields.ID, written.getId()), null);
            return;
        }
        if (created || change.changedFields().stream().anyMatch(SLA_FIELDS::contains)) {
            escalations.caseWritten(created ? null : Map.of(SystemFields.ID, written.getId()), written);
        }
        boolean queued = created || change.changedFields().contains("queue") && !change.changedFields().contains(SystemFields.OWNER);
        if (queued && written.get("queue") != null) {
            routing.assign(written);
        }
    }

    private String tierOf(String accountId) {
        if (accountId == null) {
            return null;
        }
        try {
            Object tier = records.get(Actor.system(), "account", accountId).get("serviceTier");
            return tier == null ? ServiceTypes.TIERS.get(0) : tier.toString();
        } catch (RecordNotFoundException e) {
            return null; // the reference check reports it
        }
    }

    private static void stampStatus(Record before, Map<String, Object> after, Instant now) {
        String status = (String) after.get("status");
        String was = before == null ? null : (String) before.get("status");
        if (Objects.equals(status, was)) {
            return;
        }
        if (Cases.isDone(status) && after.get("resolvedAt") == null) {
            after.put("resolvedAt", now);
        }
        if (Cases.CLOSED.equals(status) && after.get("closedAt") == null) {
            after.put("closedAt", now);
        }
        if (!Cases.isDone(status) && Cases.isDone(was)) { // reopened
            after.put("resolvedAt", null);
            after.put("closedAt", null);
        }
    }

    private static void countResponse(Record before, Map<String, Object> after) {
        Object response = after.get(Cases.LAST_RESPONSE_AT);
        if (response == null || before != null && Objects.equals(response, before.get(Cases.LAST_RESPONSE_AT))) {
            return;
        }
        Object count = after.get("responseCount");
        after.put("responseCount", (count == null ? 0 : ((Number) count).longValue()) + 1);
        if (after.get("firstResponseAt") == null) {
            after.put("firstResponseAt", response);
            if (Cases.NEW.equals(after.get("status"))) {
                after.put("status", Cases.OPEN);
            }
        }
    }

    private static boolean changed(Record before, Map<String, Object> after, String field) {
        return !Objects.equals(before.get(field), after.get(field));
    }
}
