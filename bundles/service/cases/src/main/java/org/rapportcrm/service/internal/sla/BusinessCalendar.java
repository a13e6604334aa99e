package org.rapportcrm.service.internal.sla;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * When a service team works: shifts per weekday in a time zone, and holidays (local dates) on which no shift starts.
 * Immutable. Local times are placed on the time line as {@link ZonedDateTime#of} places them: a time skipped by a
 * daylight-saving change moves forward by the gap, a time that occurs twice takes its earlier instant. So a shift
 * 01:00-05:00 on the night the clocks go forward lasts three hours, and four hours again the next night.
 */
public final class BusinessCalendar {
    /** One stretch of working time on the time line: from {@code start} (inclusive) to {@code end} (exclusive). */
    record Interval(Instant start, Instant end) {
    }

    private final ZoneId zone;
    private final Map<DayOfWeek, List<Shift>> week;
    private final Set<LocalDate> holidays;

    public BusinessCalendar(ZoneId zone, Map<DayOfWeek, List<Shift>> week, Set<LocalDate> holidays) {
        this.zone = Objects.requireNonNull(zone, "zone");
        EnumMap<DayOfWeek, List<Shift>> copy = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            List<Shift> shifts = new ArrayList<>(week.getOrDefault(day, List.of()));
            shifts.sort((a, b) -> a.start().compareTo(b.start()));
            copy.put(day, List.copyOf(shifts));
        }
        this.week = copy;
        this.holidays = Set.copyOf(holidays);
    }

    /** Round the clock, every day: SLA targets then count plain minutes. */
    public static BusinessCalendar always(ZoneId zone) {
        Map<DayOfWeek, List<Shift>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            week.put(day, List.of(new Shift(java.time.LocalTime.MIDNIGHT, java.time.LocalTime.MIDNIGHT)));
        }
        return new BusinessCalendar(zone, week, Set.of());
    }

    public ZoneId zone() {
        return zone;
    }

    public List<Shift> shifts(DayOfWeek day) {
        return week.get(day);
    }

    public Set<LocalDate> holidays() {
        return holidays;
    }

    public boolean hasWorkingTime() {
        return week.values().stream().anyMatch(shifts -> !shifts.isEmpty());
    }

    /** The working intervals of the shifts starting on {@code date}, in order of start; none on a holiday. */
    List<Interval> intervalsStarting(LocalDate date) {
        if (holidays.contains(date)) {
            return List.of();
        }
        List<Shift> shifts = week.get(date.getDayOfWeek());
        List<Interval> intervals = new ArrayList<>(shifts.size());
        for (Shift shift : shifts) {
            Instant start = ZonedDateTime.of(date, shift.start(), zone).toInstant();
            LocalDate endDate = shift.overnight() ? date.plusDays(1) : date;
            Instant end = ZonedDateTime.of(endDate, shift.end(), zone).toInstant();
            if (end.isAfter(start)) {
                intervals.add(new Interval(start, end));
            }
        }
        return intervals;
    }

    LocalDate localDate(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }
}
