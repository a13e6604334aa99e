package org.rapportcrm.automation.internal.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled rules ("every day, for each open case older than a week"): one task per rule on the clustered scheduler,
 * set in the transaction that saves the rule, running the rule on every record its condition selects (the database
 * selects them), then again after its interval. A run cut short goes on where it was: each record's firing runs once.
 */
@Component(service = {ScheduledTaskHandler.class, RecordTrigger.class})
public class RuleSchedules implements ScheduledTaskHandler, RecordTrigger {
    static final String SCHEDULE = "automation.rule-schedule";
    /** The most records one scheduled run acts on; a rule selecting more is cut there, and says so in the log. */
    static final int MOST_RECORDS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(RuleSchedules.class);
    private final TaskScheduler scheduler;
    private final RecordService records;
    private final ActiveRules rules;
    private final RuleRunner runner;
    private final RuleParser parser;

    @Activate
    public RuleSchedules(@Reference TaskScheduler scheduler, @Reference RecordService records, @Reference ActiveRules rules,
            @Reference RuleRunner runner, @Reference RuleParser parser) {
        this.scheduler = scheduler;
        this.records = records;
        this.rules = rules;
        this.runner = runner;
        this.parser = parser;
    }

    @Override
    public String name() {
        return SCHEDULE;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(RuleTypes.RULE);
    }

    /** Saving a scheduled rule sets its first run one interval from now; deactivating or deleting it removes it. */
    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        String id = change.record().getId();
        Optional<Rule> rule = Optional.empty();
        if (!change.kind().equals("DELETED") && Boolean.TRUE.equals(change.record().get("active"))) {
            try {
                rule = Optional.of(parser.parse(id, change.record().getValues(), false)).filter(r -> r.trigger() == Trigger.SCHEDULE);
            } catch (ValidationException e) {
                // refused by the rule validator, which reports it
            }
        }
        if (rule.isEmpty()) {
            scheduler.cancel(SCHEDULE, id);
        } else if (change.kind().equals("CREATED") || change.changedFields().contains("everyMinutes") || change.changedFields().contains("active")
                || change.changedFields().contains("trigger")) {
            scheduler.schedule(SCHEDULE, id, Instant.now().plus(Duration.ofMinutes(rule.get().everyMinutes())), Map.of());
        }
    }

    @Override
    public TaskOutcome run(TaskRun task) {
        Optional<Rule> found = rules.byId(task.instanceId()).filter(r -> r.trigger() == Trigger.SCHEDULE);
        if (found.isEmpty()) {
            return TaskOutcome.done();
        }
        Rule rule = found.get();
        long due = task.dueTime().getEpochSecond();
        Query query = Query.of(rule.recordType()).limit(Query.MAX_LIMIT);
        if (rule.conditionText() != null) {
            query = query.where(FilterExpression.parse(rule.conditionText()));
        }
        AtomicInteger count = new AtomicInteger();
        records.forEach(Actor.system(), query, record -> {
            if (count.incrementAndGet() <= MOST_RECORDS) {
                runner.run(rule, Firing.of(rule.id() + ":every:" + due + ":" + record.getId(), "Schedule: every " + rule.everyMinutes() + " min",
                        record, null, Map.of()));
            }
        });
        if (count.get() > MOST_RECORDS) {
            LOG.warn("Scheduled rule '{}' selects {} records; it acted on the first {}", rule.name(), count.get(), MOST_RECORDS);
        }
        return TaskOutcome.runAgainAt(task.dueTime().plus(Duration.ofMinutes(rule.everyMinutes())).isAfter(Instant.now())
                ? task.dueTime().plus(Duration.ofMinutes(rule.everyMinutes()))
                : Instant.now().plus(Duration.ofMinutes(rule.everyMinutes())));
    }
}
