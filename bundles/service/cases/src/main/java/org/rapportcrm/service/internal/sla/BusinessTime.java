package org.rapportcrm.service.internal.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Arithmetic of business time on a {@link BusinessCalendar}: what instant lies a given amount of working time after
 * another, and how much working time lies between two instants. Exact to the nanosecond across daylight-saving
 * changes, holidays and overnight shifts, since it walks the calendar's working intervals on the time line rather
 * than counting local clock times. Overlapping shifts (an overnight shift running into the next morning's) count once.
 */
public final class BusinessTime {
    /** Beyond this many days without working time a calendar is taken to have none (a year of holidays, say). */
    private static final int MAX_IDLE_DAYS = 3 * 366;

    private final BusinessCalendar calendar;

    public BusinessTime(BusinessCalendar calendar) {
        this.calendar = Objects.requireNonNull(calendar, "calendar");
    }

    /**
     * The instant at which {@code amount} of working time has passed since {@code from}. Zero gives {@code from}
     * itself, even outside working hours; a positive amount ends inside a working interval or at its end.
     *
     * @throws IllegalArgumentException for a negative amount, or a calendar with no working time ahead
     */
    public Instant add(Instant from, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("Business time to add must not be negative: " + amount);
        }
        if (amount.isZero()) {
            return from;
        }
        Duration remaining = amount;
        Instant cursor = from;
        // The day before, for an overnight shift that started yesterday and is still running.
        LocalDate day = calendar.localDate(from).minusDays(1);
        int idleDays = 0;
        while (true) {
            List<BusinessCalendar.Interval> intervals = calendar.intervalsStarting(day);
            boolean worked = false;
            for (BusinessCalendar.Interval interval : intervals) {
                if (!interval.end().isAfter(cursor)) {
                    continue;
                }
                Instant start = interval.start().isAfter(cursor) ? interval.start() : cursor;
                Duration available = Duration.between(start, interval.end());
                if (remaining.compareTo(available) <= 0) {
                    return start.plus(remaining);
                }
                remaining = remaining.minus(available);
                cursor = interval.end();
                worked = true;
            }
            idleDays = worked ? 0 : idleDays + 1;
            if (idleDays > MAX_IDLE_DAYS) {
                throw new IllegalArgumentException("The calendar has no working time within " + MAX_IDLE_DAYS + " days after " + cursor);
            }
            day = day.plusDays(1);
        }
    }

    public Instant addMinutes(Instant from, long minutes) {
        return add(from, Duration.ofMinutes(minutes));
    }

    /** The working time between two instants; negative when {@code to} is before {@code from}. */
    public Duration between(Instant from, Instant to) {
        if (to.isBefore(from)) {
            return between(to, from).negated();
        }
        Duration total = Duration.ZERO;
        Instant cursor = from;
        LocalDate last = calendar.localDate(to);
        for (LocalDate day = calendar.localDate(from).minusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
            for (BusinessCalendar.Interval interval : calendar.intervalsStarting(day)) {
                Instant start = interval.start().isAfter(cursor) ? interval.start() : cursor;
                Instant end = interval.end().isBefore(to) ? interval.end() : to;
                if (end.isAfter(start)) {
                    total = total.plus(Duration.between(start, end));
                    cursor = end;
                }
            }
        }
        return total;
    }

    /** Whole minutes of working time between two instants (rounded down). */
    public long minutesBetween(Instant from, Instant to) {
        return between(from, to).toMinutes();
    }

    /** Whether {@code instant} lies in working time. */
    public boolean isWorking(Instant instant) {
        LocalDate date = calendar.localDate(instant);
        for (LocalDate day = date.minusDays(1); !day.isAfter(date); day = day.plusDays(1)) {
            for (BusinessCalendar.Interval interval : calendar.intervalsStarting(day)) {
                if (!instant.isBefore(interval.start()) && instant.isBefore(interval.end())) {
                    return true;
                }
            }
        }
        return false;
    }
}
