package org.rapportcrm.platform.api.schedule;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * When a handler's recurring instance runs: at a fixed delay after each run ends, or by a cron expression. Either way
 * exactly one run per due time happens in the whole cluster, and a due time missed while every node was down runs
 * once when the first node is back (not once per missed time).
 */
public final class Recurrence {
    private final Duration interval;
    private final String cron;
    private final ZoneId zone;

    private Recurrence(Duration interval, String cron, ZoneId zone) {
        this.interval = interval;
        this.cron = cron;
        this.zone = zone;
    }

    /** Runs again {@code delay} after the previous run ended (the first run: {@code delay} after the handler appears). */
    public static Recurrence every(Duration delay) {
        if (delay == null || delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("A recurrence needs a positive delay, not " + delay);
        }
        return new Recurrence(delay, null, null);
    }

    /**
     * Runs at the times a cron expression of six fields names: second, minute, hour, day of month, month, day of week
     * (Spring's form; {@code "0 0 3 * * *"} is every night at 03:00, {@code "0 0/15 * * * *"} every quarter hour), in
     * {@code zone}. An expression the scheduler cannot read is reported in the log when the handler appears, and the
     * handler is then not run on a schedule.
     */
    public static Recurrence cron(String expression, ZoneId zone) {
        return new Recurrence(null, Objects.requireNonNull(expression, "expression").trim(), Objects.requireNonNull(zone, "zone"));
    }

    /** The delay after each run, or null for a cron recurrence. */
    public Duration interval() {
        return interval;
    }

    /** The cron expression, or null for a fixed delay. */
    public String cronExpression() {
        return cron;
    }

    /** The time zone of a cron expression, or null for a fixed delay. */
    public ZoneId zone() {
        return zone;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Recurrence r && Objects.equals(interval, r.interval) && Objects.equals(cron, r.cron) && Objects.equals(zone, r.zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(interval, cron, zone);
    }

    @Override
    public String toString() {
        return interval != null ? "every " + interval : "cron '" + cron + "' in " + zone;
    }
}
