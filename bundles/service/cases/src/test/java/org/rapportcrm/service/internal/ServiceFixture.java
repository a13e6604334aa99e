package org.rapportcrm.service.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rapportcrm.platform.api.automation.AutomationEvents;
import org.rapportcrm.platform.api.notification.Notification;
import org.rapportcrm.platform.api.notification.NotificationService;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.schedule.TaskStatus;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.platform.core.internal.record.RecordFiltersImpl;
import org.rapportcrm.service.internal.sla.SlaEscalations;

/**
 * The real platform core over in-memory Derby with the service types and rules registered, a clock the test moves,
 * a scheduler that keeps each task's due time until the test runs what is due, and recorders for notifications and
 * workflow events.
 */
public class ServiceFixture {
    public final CoreFixture core = new CoreFixture();
    public final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T08:00:00Z"));
    public final DueTasks tasks = new DueTasks();
    public final List<Notification> notified = new ArrayList<>();
    public final List<String> events = new ArrayList<>();
    public final SlaEscalations escalations;
    public final CaseRules rules;

    public ServiceFixture() {
        core.metadata.addProvider(new ServiceTypes());
        RecordFiltersImpl filters = new RecordFiltersImpl(core.metadata);
        NotificationService notifications = n -> {
            notified.add(n);
            return n.userIds().size();
        };
        AutomationEvents automation = (trigger, record, data) -> events.add(trigger + " " + record.get("caseNumber") + " " + data.get("clock"));
        escalations = new SlaEscalations(tasks, core.records, notifications, automation);
        rules = new CaseRules(core.records, core.users, filters, escalations, clock);
        core.records.addTrigger(rules, "org.rapportcrm.service");
        core.records.addValidator(new ServiceSettingsValidator(filters), "org.rapportcrm.service");
        core.policy.addSharingRule(new ServiceComponents.SharedCases());
    }

    public Record create(String type, Map<String, Object> values) {
        return core.records.create(Actor.system(), type, values);
    }

    public Record update(Record record, Map<String, Object> changes) {
        Record current = core.records.get(Actor.system(), record.getType(), record.getId());
        return core.records.update(Actor.system(), record.getType(), record.getId(), current.getVersion(), changes);
    }

    public Record reload(Record record) {
        return core.records.get(Actor.system(), record.getType(), record.getId());
    }

    /** Moves the clock and runs every SLA task due by then, in order of due time, as the scheduler would. */
    public void advanceTo(Instant time) {
        while (true) {
            Optional<Map.Entry<String, DueTasks.Task>> due = tasks.nextDue(time);
            if (due.isEmpty()) {
                break;
            }
            DueTasks.Task task = due.get().getValue();
            clock.set(task.due().isAfter(clock.instant()) ? task.due() : clock.instant());
            tasks.remove(due.get().getKey());
            TaskOutcome outcome = escalations.run(TaskRun.of(task.instanceId(), task.data(), 1, task.due()));
            if (outcome.kind() == TaskOutcome.Kind.RUN_AGAIN) {
                tasks.schedule(SlaEscalations.NAME, task.instanceId(), outcome.at(), task.data());
            }
        }
        clock.set(time);
    }

    /** A clock the test sets. */
    public static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        public void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Scheduled tasks with their due times, run by {@link #advanceTo}. */
    public static final class DueTasks implements TaskScheduler {
        public record Task(String instanceId, Instant due, Map<String, Object> data) {
        }

        private final Map<String, Task> waiting = new HashMap<>();

        @Override
        public synchronized void schedule(String handler, String instanceId, Instant due, Map<String, ?> data) {
            waiting.put(instanceId, new Task(instanceId, due, new HashMap<>(data)));
        }

        @Override
        public synchronized boolean scheduleIfAbsent(String handler, String instanceId, Instant due, Map<String, ?> data) {
            if (waiting.containsKey(instanceId)) {
                return false;
            }
            schedule(handler, instanceId, due, data);
            return true;
        }

        @Override
        public synchronized boolean reschedule(String handler, String instanceId, Instant due) {
            Task t = waiting.get(instanceId);
            if (t == null) {
                return false;
            }
            waiting.put(instanceId, new Task(instanceId, due, t.data()));
            return true;
        }

        @Override
        public synchronized boolean cancel(String handler, String instanceId) {
            return waiting.remove(instanceId) != null;
        }

        @Override
        public synchronized Optional<TaskStatus> status(String handler, String instanceId) {
            Task t = waiting.get(instanceId);
            return t == null ? Optional.empty() : Optional.of(new TaskStatus(handler, instanceId, TaskStatus.State.WAITING, t.due(), 0, null));
        }

        @Override
        public boolean isRunning() {
            return true;
        }

        public synchronized Optional<Instant> due(String instanceId) {
            return Optional.ofNullable(waiting.get(instanceId)).map(Task::due);
        }

        synchronized Optional<Map.Entry<String, Task>> nextDue(Instant by) {
            return waiting.entrySet().stream().filter(e -> !e.getValue().due().isAfter(by))
                    .min(Map.Entry.comparingByValue(java.util.Comparator.comparing(Task::due))).map(e -> Map.entry(e.getKey(), e.getValue()));
        }

        synchronized void remove(String instanceId) {
            waiting.remove(instanceId);
        }
    }
}
