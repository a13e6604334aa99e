package org.rapportcrm.automation.internal.rules;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.automation.AutomationEvents;
import org.rapportcrm.platform.api.automation.AutomationRegistry;
import org.rapportcrm.platform.api.automation.AutomationTrigger;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;

/** Capabilities' events: kept as a task on the clustered scheduler when told, then run by the rules that start from them. */
@Component(service = {AutomationEvents.class, ScheduledTaskHandler.class})
public class RuleEvents implements AutomationEvents, ScheduledTaskHandler {
    static final String EVENT = "automation.rule-event";
    private final AutomationRegistry registry;
    private final TaskScheduler scheduler;
    private final RecordService records;
    private final ActiveRules rules;
    private final RuleRunner runner;

    @Activate
    public RuleEvents(@Reference AutomationRegistry registry, @Reference TaskScheduler scheduler, @Reference RecordService records,
            @Reference ActiveRules rules, @Reference RuleRunner runner) {
        this.registry = registry;
        this.scheduler = scheduler;
        this.records = records;
        this.rules = rules;
        this.runner = runner;
    }

    @Override
    public void fire(String triggerId, Record record, Map<String, Object> data) {
        AutomationTrigger trigger = registry.trigger(triggerId).orElseThrow(() -> new IllegalArgumentException(
                "No automation trigger '" + triggerId + "' is registered"));
        if (!trigger.recordTypes().isEmpty() && !trigger.recordTypes().contains(record.getType())) {
            throw new IllegalArgumentException("The trigger '" + triggerId + "' does not fire for " + record.getType() + " records");
        }
        if (!rules.startFrom(record.getType(), triggerId)) {
            // No rule would run: nothing to keep. A rule made active later starts from the events after it.
            return;
        }
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("trigger", triggerId);
        task.put("recordType", record.getType());
        task.put("recordId", record.getId());
        task.put("data", data == null ? Map.of() : data);
        // Written with the caller's transaction, when there is one, so an event comes only with what it reports.
        scheduler.scheduleAtCommit(EVENT, UUID.randomUUID().toString(), Instant.now(), task);
    }

    @Override
    public String name() {
        return EVENT;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TaskOutcome run(TaskRun task) {
        Map<String, Object> data = task.data();
        String triggerId = (String) data.get("trigger");
        String type = (String) data.get("recordType");
        Record record;
        try {
            record = records.get(Actor.system(), type, (String) data.get("recordId"));
        } catch (RecordNotFoundException e) {
            return TaskOutcome.done();
        }
        String label = registry.trigger(triggerId).map(AutomationTrigger::label).orElse(triggerId);
        for (Rule rule : rules.forType(type)) {
            if (rule.startsFrom(triggerId) && rule.conditionHolds(record.asMap(), Map.of())) {
                runner.run(rule, Firing.of(rule.id() + ":event:" + task.instanceId(), "Event: " + label, record, triggerId,
                        (Map<String, Object>) data.getOrDefault("data", Map.of())));
            }
        }
        return TaskOutcome.done();
    }
}
