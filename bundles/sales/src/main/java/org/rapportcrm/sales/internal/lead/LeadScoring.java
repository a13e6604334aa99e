package org.rapportcrm.sales.internal.lead;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Change;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code score} and {@code scoreExplanation} of leads up to date with the active scoring rules: computed on every
 * write of a lead, and the lead rescored when one of its activities is logged, changed or deleted (in the activity's
 * transaction). A converted lead keeps the score it had: it is history, and read-only.
 */
@Component(service = {RecordTrigger.class, LeadScoring.class})
public class LeadScoring implements RecordTrigger {
    static final String ACTIVITY = "activity";
    private static final Logger LOG = LoggerFactory.getLogger(LeadScoring.class);
    /** Activity fields that change what an activity earns. */
    private static final Set<String> SCORED_ACTIVITY_FIELDS = Set.of("lead", "activityType", "status", "completedAt");
    private static final int ATTEMPTS = 3;

    private final RecordService records;
    private final Clock clock;

    @Activate
    public LeadScoring(@Reference RecordService records) {
        this(records, Clock.systemUTC());
    }

    LeadScoring(RecordService records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(SalesTypes.LEAD, ACTIVITY);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        if (!SalesTypes.LEAD.equals(type.getApiName()) || isConverted(after) || before != null && isConverted(before.getValues())) {
            return;
        }
        LeadScore score = scoreOf(before == null ? null : before.getId(), after);
        after.put("score", score.score());
        after.put("scoreExplanation", score.explanation());
    }

    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        if (!ACTIVITY.equals(change.recordType())) {
            return;
        }
        Set<String> leads = new LinkedHashSet<>();
        boolean updated = RecordEvents.UPDATED.equals(change.kind());
        if (updated && change.changedFields().stream().noneMatch(SCORED_ACTIVITY_FIELDS::contains)) {
            return;
        }
        if (change.record().get("lead") instanceof String lead) {
            leads.add(lead);
        }
        if (updated && change.changedFields().contains("lead")) {
            previousLead(change.record()).ifPresent(leads::add);
        }
        leads.forEach(this::rescore);
    }

    /**
     * Brings one lead's score up to date (a write only if it changed). False if the lead is gone or converted.
     * Retries when the lead changes meanwhile: its own write recomputes the score anyway.
     */
    public boolean rescore(String leadId) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Record lead;
            try {
                lead = records.get(Actor.system(), SalesTypes.LEAD, leadId);
            } catch (RecordNotFoundException e) {
                return false;
            }
            if (isConverted(lead.getValues())) {
                return false;
            }
            try {
                // An update without changes: beforeWrite above recomputes the score, and only a changed score is written.
                return records.update(Actor.system(), SalesTypes.LEAD, leadId, lead.getVersion(), Map.of()).getVersion() != lead.getVersion();
            } catch (StaleVersionException e) {
                LOG.debug("Lead {} changed while being rescored (attempt {})", leadId, attempt);
            }
        }
        return false;
    }

    LeadScore scoreOf(String leadId, Map<String, Object> lead) {
        List<ScoringRule> rules = records.all(Actor.system(), Query.of(SalesTypes.SCORING_RULE).limit(Query.MAX_LIMIT)).stream()
                .map(ScoringRule::active).flatMap(Optional::stream).toList();
        boolean needsActivities = leadId != null && rules.stream().anyMatch(ScoringRule::onActivity);
        List<Record> activities = needsActivities
                ? records.all(Actor.system(), Query.of(ACTIVITY).where(Filter.eq("lead", leadId)).limit(Query.MAX_LIMIT))
                : List.of();
        return LeadScore.of(rules, lead, activities, clock.instant());
    }

    /** The lead an activity was moved away from, from its audit trail (written in this transaction, before the triggers). */
    private Optional<String> previousLead(Record activity) {
        return records.history(Actor.system(), ACTIVITY, activity.getId(), 50).stream()
                .filter(c -> c.version() == activity.getVersion() && "lead".equals(c.field()))
                .map(Change::oldValue).filter(v -> v != null && !v.isBlank()).findFirst();
    }

    private static boolean isConverted(Map<String, Object> lead) {
        return SalesTypes.LEAD_CONVERTED.equals(lead.get("status"));
    }
}
