package org.rapportcrm.marketing.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;

/**
 * A segment's definition is checked as it is saved (a filter that does not parse or names an unknown field is refused
 * with 422 naming it), and a new or changed dynamic definition schedules a full re-evaluation in the same
 * transaction, so a saved definition is never left unevaluated.
 */
@Component
public class SegmentRules implements RecordTrigger {
    private static final Set<String> DEFINITION = Set.of("filter", "accountFilter", "segmentType");
    private final SegmentDefinitions definitions;
    private final TaskScheduler scheduler;
    private final Clock clock;

    @Activate
    public SegmentRules(@Reference SegmentDefinitions definitions, @Reference TaskScheduler scheduler) {
        this(definitions, scheduler, Clock.systemUTC());
    }

    SegmentRules(SegmentDefinitions definitions, TaskScheduler scheduler, Clock clock) {
        this.definitions = definitions;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(Marketing.SEGMENT);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        definitions.compile(null, (String) after.get("name"), (String) after.get("filter"), (String) after.get("accountFilter"));
    }

    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        Record segment = change.record();
        boolean definitionChanged = change.kind().equals(RecordEvents.CREATED)
                || change.kind().equals(RecordEvents.UPDATED) && change.changedFields().stream().anyMatch(DEFINITION::contains);
        if (definitionChanged && Marketing.DYNAMIC.equals(segment.get("segmentType"))) {
            Instant now = clock.instant();
            scheduler.schedule(SegmentEvaluation.NAME, segment.getId(), now, SegmentEvaluation.start(now));
        }
    }
}
