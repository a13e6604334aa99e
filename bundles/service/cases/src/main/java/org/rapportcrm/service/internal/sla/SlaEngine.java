package org.rapportcrm.service.internal.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.service.api.Cases;
import org.rapportcrm.service.internal.ServiceTypes;

/**
 * Keeps a case's SLA fields as its policy, priority, account tier, status and responses say, on every write:
 * <ul>
 * <li>first response and resolution run from the case's opening ({@code openedAt}), next response from a customer's reply that no
 * agent has answered yet;</li>
 * <li>while the case waits on the customer every clock pauses; the working time the wait covered is added to the case
 * ({@code slaPausedSeconds}) and pushes the first-response and resolution due times back when it resumes (the
 * next-response clock starts with the customer's reply, which ends the wait);</li>
 * <li>{@code slaDueAt} is the earliest due time of a running clock, empty when none runs (met, resolved, paused);</li>
 * <li>the state is Breached once any clock was late (for good), Paused while waiting, Met when done in time,
 * Warning past a running clock's warning time, else On track.</li>
 * </ul>
 * Recomputed from the start times on every write, so a new priority or policy moves the due times at once.
 */
public final class SlaEngine {
    private final SlaPolicies policies;

    public SlaEngine(SlaPolicies policies) {
        this.policies = policies;
    }

    public void apply(Record before, Map<String, Object> after, Instant openedAt, Instant now) {
        Optional<SlaPlan> found = policies.planFor(after);
        String status = (String) after.get("status");
        boolean waiting = Cases.WAITING_ON_CUSTOMER.equals(status);
        boolean wasWaiting = before != null && Cases.WAITING_ON_CUSTOMER.equals(before.get("status"));
        if (found.isEmpty()) {
            for (SlaPlan.Clock clock : SlaPlan.Clock.values()) {
                after.put(clock.dueField(), null);
                after.put(clock.warningField(), null);
            }
            after.put("slaPolicy", null);
            after.put("slaDueAt", null);
            after.put("slaStatus", null);
            after.put("slaPausedAt", waiting ? (wasWaiting ? after.get("slaPausedAt") : now) : null);
            return;
        }
        SlaPlan plan = found.get();
        after.put("slaPolicy", plan.policyId());
        BusinessTime time = plan.time();
        Duration paused = Duration.ofSeconds(number(after.get("slaPausedSeconds")));
        Instant pausedAt = (Instant) after.get("slaPausedAt");
        if (waiting && pausedAt == null) {
            after.put("slaPausedAt", now);
        } else if (!waiting && pausedAt != null) {
            paused = paused.plus(time.between(pausedAt, now));
            after.put("slaPausedSeconds", paused.getSeconds());
            after.put("slaPausedAt", null);
        }
        boolean done = Cases.isDone(status);
        String events = (String) after.get("slaEvents");
        boolean breached = events != null && events.contains(":breach");
        boolean warned = false;
        Instant next = null;
        for (SlaPlan.Clock clock : SlaPlan.Clock.values()) {
            Instant start = start(clock, after, openedAt);
            Duration target = plan.targets().get(clock);
            Instant due = null;
            Instant warning = null;
            if (start != null && target != null) {
                Duration pausedForClock = clock == SlaPlan.Clock.NEXT_RESPONSE ? Duration.ZERO : paused;
                due = SlaClocks.due(time, start, target, pausedForClock);
                warning = SlaClocks.due(time, start, plan.warningAfter(target), pausedForClock);
            }
            after.put(clock.dueField(), due);
            after.put(clock.warningField(), warning);
            if (due == null) {
                continue;
            }
            Instant met = met(clock, after);
            if (met != null) {
                breached |= met.isAfter(due);
            } else if (!done && !waiting) {
                breached |= !now.isBefore(due);
                warned |= !now.isBefore(warning);
                next = next == null || due.isBefore(next) ? due : next;
            }
        }
        after.put("slaDueAt", next);
        after.put("slaStatus", breached ? ServiceTypes.BREACHED : waiting ? ServiceTypes.PAUSED : done ? ServiceTypes.MET
                : warned ? ServiceTypes.WARNING : ServiceTypes.ON_TRACK);
        Instant firstResponse = (Instant) after.get("firstResponseAt");
        after.put("firstResponseMinutes", firstResponse == null ? null : time.minutesBetween(openedAt, firstResponse));
        Instant resolved = (Instant) after.get("resolvedAt");
        after.put("resolutionMinutes", resolved == null ? null
                : Math.max(0, time.between(openedAt, resolved).minus(paused).toMinutes()));
    }

    /** When a clock started, or null while it does not run. */
    public static Instant start(SlaPlan.Clock clock, Map<String, Object> values, Instant openedAt) {
        if (clock != SlaPlan.Clock.NEXT_RESPONSE) {
            return openedAt;
        }
        Instant replied = (Instant) values.get(Cases.CUSTOMER_REPLIED_AT);
        Instant responded = (Instant) values.get(Cases.LAST_RESPONSE_AT);
        return replied != null && (responded == null || replied.isAfter(responded)) ? replied : null;
    }

    /** When a clock was met, or null. The next-response clock is met by the response that stops it, so it never is. */
    static Instant met(SlaPlan.Clock clock, Map<String, Object> values) {
        return switch (clock) {
            case FIRST_RESPONSE -> (Instant) values.get("firstResponseAt");
            case RESOLUTION -> (Instant) values.get("resolvedAt");
            case NEXT_RESPONSE -> null;
        };
    }

    /** Whether the clock runs now: started, not met, and the case neither done nor waiting on the customer. */
    public static boolean running(SlaPlan.Clock clock, Map<String, Object> values) {
        String status = (String) values.get("status");
        return values.get(clock.dueField()) != null && met(clock, values) == null && !Cases.isDone(status)
                && !Cases.WAITING_ON_CUSTOMER.equals(status);
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
