package org.rapportcrm.automation.internal.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskRunningException;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Date-based rules ("3 days before the close date"): each record's time is a task on the clustered scheduler, set
 * when the record is created or its date changes, cancelled when the date is cleared or the record deleted, so it
 * survives restarts and runs once in the cluster. When it is due, the rule's condition is checked on the record as it
 * is then. (Records that did not change since a rule was made are not scheduled by it: it applies from then on.)
 */
@Component(service = {RuleTimers.class, ScheduledTaskHandler.class})
public class RuleTimers implements ScheduledTaskHandler {
    static final String DUE = "automation.rule-due";
    private final TaskScheduler scheduler;
    private final RecordService records;
    private final ActiveRules rules;
    private final RuleRunner runner;

    @Activate
    public RuleTimers(@Reference TaskScheduler scheduler, @Reference RecordService records, @Reference ActiveRules rules,
            @Reference RuleRunner runner) {
        this.scheduler = scheduler;
        this.records = records;
        this.rules = rules;
        this.runner = runner;
    }

    @Override
    public String name() {
        return DUE;
    }

    /** Sets, moves or cancels the record's time for the rule, as the change calls for. */
    void onChange(Rule rule, OutboxEntry entry) {
        String instance = rule.id() + ":" + entry.recordId();
        try {
            if (entry.kind().equals("DELETED")) {
                scheduler.cancel(DUE, instance);
                return;
            }
            if (!entry.kind().equals("CREATED") && !entry.changedFields().contains(rule.field())) {
                return;
            }
            Instant due = due(rule, entry.values());
            if (due == null) {
                scheduler.cancel(DUE, instance);
            } else {
                scheduler.schedule(DUE, instance, due, Map.of("rule", rule.id(), "recordType", entry.recordType(),
                        "recordId", entry.recordId(), "due", due.toString()));
            }
        } catch (TaskRunningException e) {
            // Due and running this moment for the old date: it finds the date moved and does nothing. The new time is
            // then set at the date's next change; a rare miss, logged.
            org.slf4j.LoggerFactory.getLogger(RuleTimers.class).warn("Rule '{}': {} {} changed its date while its old time was running; "
                    + "the new time is not set", rule.name(), entry.recordType(), entry.recordId());
        }
    }

    @Override
    public TaskOutcome run(TaskRun task) {
        Map<String, Object> data = task.data();
        Optional<Rule> rule = rules.byId((String) data.get("rule"));
        if (rule.isEmpty()) {
            return TaskOutcome.done(); // deactivated or deleted since
        }
        Record record;
        try {
            record = records.get(Actor.system(), (String) data.get("recordType"), (String) data.get("recordId"));
        } catch (RecordNotFoundException e) {
            return TaskOutcome.done();
        }
        Instant due = due(rule.get(), record.asMap());
        if (due == null || !due.toString().equals(data.get("due")) || !rule.get().conditionHolds(record.asMap(), Map.of())) {
            return TaskOutcome.done(); // the date moved (its new time is set) or the record no longer qualifies
        }
        runner.run(rule.get(), Firing.of(rule.get().id() + ":due:" + record.getId() + ":" + due.getEpochSecond(),
                "Date reached: " + rule.get().field() + " " + record.asMap().get(rule.get().field())
                        + (rule.get().offsetMinutes() == 0 ? "" : " " + (rule.get().offsetMinutes() > 0 ? "+" : "") + rule.get().offsetMinutes() + " min"),
                record, null, Map.of()));
        return TaskOutcome.done();
    }

    private static Instant due(Rule rule, Map<String, Object> values) {
        Instant date = RuleEngine.instant(values.get(rule.field()));
        return date == null ? null : date.plus(Duration.ofMinutes(rule.offsetMinutes()));
    }
}
