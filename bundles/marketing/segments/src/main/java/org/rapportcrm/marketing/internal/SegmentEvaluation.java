package org.rapportcrm.marketing.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.security.Actor;

/**
 * The full re-evaluation of a dynamic segment by SQL, after its definition changed: the matching contacts are read
 * in pages by keyset and marked with the run's number (those new to the segment enter); when the last page is done,
 * members the run did not see leave. A checkpoint (the cursor) is committed every couple of seconds, so a restart or
 * a node's death resumes where it stopped. Entries and exits here are history, not automation events: a changed
 * definition is not something each contact did.
 */
@Component
public class SegmentEvaluation implements ScheduledTaskHandler {
    public static final String NAME = "marketing.segment-evaluation";
    static final int PAGE = Query.MAX_LIMIT;
    /** Accounts per step of a segment with an account filter: their ids go into one IN list of the contact query. */
    static final int ACCOUNT_PAGE = 200;
    private static final Duration SLICE = Duration.ofSeconds(2);

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
        SegmentDefinition definition;
        try {
            definition = definitions.compile(segment);
        } catch (ValidationException e) {
            return TaskOutcome.failed("the segment's filter no longer compiles: " + e.getMessage());
        }
        long runNumber = ((Number) run.data().get("run")).longValue();
        Instant started = Instant.parse((String) run.data().get("started"));
        String cursor = (String) run.data().get("cursor");
        Instant sliceEnd = clock.instant().plus(SLICE);
        do {
            cursor = definition.reachesAccount() ? accountStep(definition, runNumber, cursor) : contactStep(definition, runNumber, cursor);
        } while (cursor != null && clock.instant().isBefore(sliceEnd) && !run.stopRequested());
        if (cursor != null) {
            return TaskOutcome.runAgainAt(clock.instant(), Map.of("run", runNumber, "started", started.toString(), "cursor", cursor));
        }
        store.sweep(definition.id(), runNumber, started, clock.instant());
        return TaskOutcome.done();
    }

    /** One page of matching contacts; returns the cursor of the next, or null. */
    private String contactStep(SegmentDefinition definition, long runNumber, String cursor) {
        Page<Record> page = records.query(Actor.system(),
                new Query("contact", definition.contactFilter(), null, false, PAGE, cursor));
        store.mark(definition.id(), page.items().stream().map(Record::getId).toList(), runNumber, clock.instant());
        return page.nextCursor();
    }

    /** One page of matching accounts with all their matching contacts; returns the cursor of the next, or null. */
    private String accountStep(SegmentDefinition definition, long runNumber, String cursor) {
        Page<Record> accounts = records.query(Actor.system(),
                new Query("account", definition.accountFilter(), null, false, ACCOUNT_PAGE, cursor));
        if (!accounts.items().isEmpty()) {
            Filter ofAccounts = Filter.in("account", accounts.items().stream().map(Record::getId).toList());
            Filter filter = definition.contactFilter() == null ? ofAccounts : Filter.and(definition.contactFilter(), ofAccounts);
            List<String> contacts = new ArrayList<>();
            records.forEach(Actor.system(), new Query("contact", filter, null, false, PAGE, null),
                    r -> contacts.add(r.getId()));
            store.mark(definition.id(), contacts, runNumber, clock.instant());
        }
        return accounts.nextCursor();
    }
}
