package org.rapportcrm.marketing.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordSelection;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full re-evaluation of a dynamic segment after its definition changed, in the database: the record service
 * selects the matching contacts as SQL (those of matching accounts, when the definition reaches the account) and the
 * membership store writes who enters, who stays and who leaves from that selection in one transaction, so a million
 * contacts are never read into the JVM, and a restart or a node's death mid-way leaves the segment as it was for the
 * task to run again. Entries and exits here are history, not automation events: a changed definition is not
 * something each contact did.
 */
@Component
public class SegmentEvaluation implements ScheduledTaskHandler {
    public static final String NAME = "marketing.segment-evaluation";
    private static final Logger LOG = LoggerFactory.getLogger(SegmentEvaluation.class);

    private final RecordService records;
    private final SegmentDefinitions definitions;
    private final MembershipStore store;
    private final Clock clock;

    @Activate
    public SegmentEvaluation(@Reference RecordService records, @Reference SegmentDefinitions definitions, @Reference MembershipStore store) {
        this(records, definitions, store, Clock.systemUTC());
    }

    SegmentEvaluation(RecordService records, SegmentDefinitions definitions, MembershipStore store, Clock clock) {
        this.records = records;
        this.definitions = definitions;
        this.store = store;
        this.clock = clock;
    }

    /** The data of a new run. */
    static Map<String, Object> start(Instant now) {
        return Map.of("run", now.toEpochMilli(), "started", now.toString());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        Record segment;
        try {
            segment = records.get(Actor.system(), Marketing.SEGMENT, run.instanceId());
        } catch (RecordNotFoundException gone) {
            return TaskOutcome.done();
        }
        if (!Marketing.DYNAMIC.equals(segment.get("segmentType"))) {
            return TaskOutcome.done();
        }
        RecordSelection matching;
        try {
            matching = matching(definitions.compile(segment));
        } catch (ValidationException | InvalidQueryException e) {
            return TaskOutcome.failed("the segment's filter no longer compiles: " + e.getMessage());
        }
        long runNumber = ((Number) run.data().get("run")).longValue();
        Instant started = Instant.parse((String) run.data().get("started"));
        long start = System.nanoTime();
        MembershipStore.Evaluated done = store.evaluate(segment.getId(), matching, runNumber, started, clock.instant());
        LOG.info("Segment {} evaluated in {} ms: {} entered, {} left", segment.getId(), (System.nanoTime() - start) / 1_000_000,
                done.entered(), done.left());
        return TaskOutcome.done();
    }

    private RecordSelection matching(SegmentDefinition definition) {
        RecordSelection contacts = records.select(Actor.system(), "contact", definition.contactFilter());
        return definition.reachesAccount()
                ? contacts.referencing("account", records.select(Actor.system(), "account", definition.accountFilter()))
                : contacts;
    }
}
