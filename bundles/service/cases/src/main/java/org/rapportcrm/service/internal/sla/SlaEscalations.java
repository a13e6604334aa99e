package org.rapportcrm.service.internal.sla;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapportcrm.platform.api.automation.AutomationEvents;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.notification.Notification;
import org.rapportcrm.platform.api.notification.NotificationService;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.Cases;
import org.rapportcrm.service.internal.ServiceTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warning and the breach of each SLA clock of a case, as tasks on the clustered scheduler (one per case, clock and
 * kind: {@code <case id>:resolution:breach}), set when a case is written so that they commit with it: scheduled at
 * the clock's warning or due time while the clock runs, moved when the time moves, cancelled when the clock stops
 * (met, resolved, waiting on the customer).
 *
 * <p>When one is due, it checks the case as it is then and fires only if the clock still runs with that time, once:
 * the firing is written into the case ({@code slaEvents}) in one transaction with the escalation actions of the policy
 * (on a breach: move to a queue, assign to a user, raise the priority), so a run repeated after a node's death finds it
 * done. After that commit, the policy's manager (and team) are notified if the collaboration capability is there, and
 * workflow rules hear {@code service.sla-warning} / {@code service.sla-breached} if automation is installed.
 */
@Component(service = {SlaEscalations.class, ScheduledTaskHandler.class})
public class SlaEscalations implements ScheduledTaskHandler {
    public static final String NAME = "service.sla";
    public static final String WARNING = "warning";
    public static final String BREACH = "breach";
    public static final String WARNING_TRIGGER = "service.sla-warning";
    public static final String BREACHED_TRIGGER = "service.sla-breached";
    public static final String NOTIFICATION_KIND = "service.sla-escalation";
    private static final Logger LOG = LoggerFactory.getLogger(SlaEscalations.class);
    private static final int ATTEMPTS = 10;

    private final TaskScheduler scheduler;
    private final RecordService records;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile NotificationService notifications;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile AutomationEvents automation;

    @Activate
    public SlaEscalations(@Reference TaskScheduler scheduler, @Reference RecordService records) {
        this.scheduler = scheduler;
        this.records = records;
    }

    /** For tests: with the optional services given. */
    public SlaEscalations(TaskScheduler scheduler, RecordService records, NotificationService notifications, AutomationEvents automation) {
        this(scheduler, records);
        this.notifications = notifications;
        this.automation = automation;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Sets, moves or cancels the case's tasks after a write that may have moved its clocks, in the case's transaction:
     * each task is scheduled at its time while its clock runs (replacing the one before) and cancelled otherwise.
     *
     * @param before null for a new case (nothing to cancel); else at least the case's id
     * @param after the case as written, or null when it was deleted
     */
    public void caseWritten(Map<String, Object> before, Record after) {
        String caseId = after != null ? after.getId() : (String) before.get(SystemFields.ID);
        for (SlaPlan.Clock clock : SlaPlan.Clock.values()) {
            for (String kind : new String[] {WARNING, BREACH}) {
                Instant time = after == null ? null : taskTime(clock, kind, after.getValues());
                if (time == null && before == null) {
                    continue;
                }
                // Written at the commit with the other cases' tasks (an import's batch at once). One running then
                // is left: it finds the time moved (or fires and writes the case again).
                String instance = caseId + ":" + clock.prefix + ":" + kind;
                if (time == null) {
                    scheduler.cancelAtCommit(NAME, instance);
                } else {
                    scheduler.scheduleAtCommit(NAME, instance, time, Map.of("case", caseId, "clock", clock.prefix, "kind", kind, "at", time.toString()));
                }
            }
        }
    }

    /** When the task of a clock's warning or breach is due, or null when the clock does not run. */
    static Instant taskTime(SlaPlan.Clock clock, String kind, Map<String, Object> values) {
        if (!SlaEngine.running(clock, values)) {
            return null;
        }
        return (Instant) values.get(WARNING.equals(kind) ? clock.warningField() : clock.dueField());
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        Map<String, Object> data = run.data();
        SlaPlan.Clock clock = SlaPlan.Clock.byPrefix((String) data.get("clock"));
        String kind = (String) data.get("kind");
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Record fired;
            try {
                fired = fire((String) data.get("case"), clock, kind, (String) data.get("at"));
            } catch (RecordNotFoundException e) {
                return TaskOutcome.done();
            } catch (StaleVersionException e) {
                continue; // an agent changed the case this moment: look again
            }
            if (fired != null) {
                announce(fired, clock, kind);
            }
            return TaskOutcome.done();
        }
        return TaskOutcome.runAgainAt(Instant.now().plusSeconds(5));
    }

    /** Writes the firing and the escalation into the case; null if there was nothing (more) to fire. */
    private Record fire(String caseId, SlaPlan.Clock clock, String kind, String at) {
        return records.inTransaction(() -> {
            Record current = records.get(Actor.system(), ServiceTypes.CASE, caseId);
            Instant time = taskTime(clock, kind, current.getValues());
            if (time == null || !time.toString().equals(at)) {
                return null; // met, paused, or moved (the new time has its own task)
            }
            String key = clock.prefix + ":" + kind + ":" + SlaEngine.start(clock, current.getValues(), (Instant) current.get(Cases.OPENED_AT)).getEpochSecond();
            String events = (String) current.get("slaEvents");
            if (events != null && events.lines().anyMatch(key::equals)) {
                return null;
            }
            Map<String, Object> changes = new HashMap<>();
            changes.put("slaEvents", events == null || events.isEmpty() ? key : events + "\n" + key);
            if (BREACH.equals(kind)) {
                changes.putAll(escalation(current));
            }
            return records.update(Actor.system(), ServiceTypes.CASE, caseId, current.getVersion(), changes);
        });
    }

    /** The policy's actions on a breach. */
    private Map<String, Object> escalation(Record current) {
        Map<String, Object> changes = new LinkedHashMap<>();
        Map<String, Object> policy = policy(current);
        if (policy == null) {
            return changes;
        }
        if (policy.get("escalateToQueue") != null) {
            changes.put("queue", policy.get("escalateToQueue"));
        }
        if (policy.get("escalateToUser") != null) {
            changes.put(SystemFields.OWNER, policy.get("escalateToUser"));
        }
        if (Boolean.TRUE.equals(policy.get("raisePriority"))) {
            int index = Cases.PRIORITIES.indexOf((String) current.get("priority"));
            if (index >= 0 && index < Cases.PRIORITIES.size() - 1) {
                changes.put("priority", Cases.PRIORITIES.get(index + 1));
            }
        }
        return changes;
    }

    private Map<String, Object> policy(Record current) {
        String policyId = (String) current.get("slaPolicy");
        if (policyId == null) {
            return null;
        }
        try {
            return records.get(Actor.system(), ServiceTypes.SLA_POLICY, policyId).getValues();
        } catch (RecordNotFoundException e) {
            return null;
        }
    }

    private void announce(Record fired, SlaPlan.Clock clock, String kind) {
        boolean breach = BREACH.equals(kind);
        String what = (breach ? "SLA breached: " : "SLA warning: ") + label(clock) + " of " + fired.get("caseNumber");
        NotificationService notify = notifications;
        Map<String, Object> policy = policy(fired);
        if (notify != null && policy != null && (breach || Boolean.TRUE.equals(policy.get("notifyOnWarning")))) {
            Set<String> users = new java.util.HashSet<>();
            if (policy.get("notifyUser") != null) {
                users.add((String) policy.get("notifyUser"));
            }
            if (fired.getOwner() != null) {
                users.add(fired.getOwner());
            }
            Set<String> teams = policy.get("notifyTeam") == null ? Set.of() : Set.of((String) policy.get("notifyTeam"));
            try {
                notify.notify(new Notification(NOTIFICATION_KIND, what, String.valueOf(fired.get("subject")), ServiceTypes.CASE,
                        fired.getId(), null, users, teams));
            } catch (RuntimeException e) {
                LOG.warn("Could not notify of {}: {}", what, e.getMessage());
            }
        }
        AutomationEvents events = automation;
        if (events != null) {
            try {
                events.fire(breach ? BREACHED_TRIGGER : WARNING_TRIGGER, fired, Map.of("clock", clock.prefix,
                        "dueAt", String.valueOf(fired.get(breach ? clock.dueField() : clock.warningField()))));
            } catch (RuntimeException e) {
                LOG.warn("Could not tell workflow rules of {}: {}", what, e.getMessage());
            }
        }
    }

    private static String label(SlaPlan.Clock clock) {
        return switch (clock) {
            case FIRST_RESPONSE -> "first response";
            case NEXT_RESPONSE -> "next response";
            case RESOLUTION -> "resolution";
        };
    }
}
