package org.rapportcrm.service.internal.sla;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Random calendars (split and overnight shifts, holidays, zones with daylight saving, one with a half-hour change)
 * checked against a reference that walks the time line minute by minute and asks of each minute whether some shift
 * covers it. Seeded, so a failure names the seed that repeats it.
 */
class BusinessTimePropertiesTest {
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"),
            ZoneId.of("Australia/Lord_Howe"), ZoneId.of("Asia/Kolkata"), ZoneId.of("UTC"));
    private static final LocalDate FIRST = LocalDate.parse("2026-03-01");
    private static final int CASES = 150;

    @TestFactory
    Stream<DynamicTest> addAndBetweenAgreeWithCountingMinutes() {
        return IntStream.range(0, CASES).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> check(seed)));
    }

    private static void check(long seed) {
        Random random = new Random(seed);
        BusinessCalendar calendar = randomCalendar(random);
        BusinessTime time = new BusinessTime(calendar);
        Reference reference = new Reference(calendar);
        Instant from = FIRST.plusDays(random.nextInt(270)).atStartOfDay(calendar.zone()).toInstant()
                .plus(Duration.ofMinutes(random.nextInt(24 * 60)));
        long minutes = random.nextInt(2000);
        Instant due = time.addMinutes(from, minutes);
        String where = "seed " + seed + ", " + minutes + " min from " + from.atZone(calendar.zone());
        assertEquals(reference.add(from, minutes), due, where);
        Instant to = from.plus(Duration.ofMinutes(random.nextInt(8 * 24 * 60)));
        assertEquals(reference.between(from, to), time.minutesBetween(from, to), where + " to " + to.atZone(calendar.zone()));
        assertEquals(minutes, time.minutesBetween(from, due), where + ": between undoes add");
    }

    private static BusinessCalendar randomCalendar(Random random) {
        Map<DayOfWeek, List<Shift>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            List<Shift> shifts = new ArrayList<>();
            int count = random.nextInt(3);
            for (int i = 0; i < count; i++) {
                LocalTime start = LocalTime.of(random.nextInt(24), random.nextBoolean() ? 0 : 30);
                LocalTime end = start.plusMinutes(30L * (1 + random.nextInt(24))); // may pass midnight: overnight
                shifts.add(new Shift(start, end));
            }
            week.put(day, shifts);
        }
        if (week.values().stream().allMatch(List::isEmpty)) {
            week.put(DayOfWeek.WEDNESDAY, List.of(new Shift(LocalTime.of(1, 30), LocalTime.of(2, 30))));
        }
        Set<LocalDate> holidays = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            holidays.add(FIRST.plusDays(random.nextInt(300)));
        }
        return new BusinessCalendar(ZONES.get(random.nextInt(ZONES.size())), week, holidays);
    }

    /** Working time minute by minute, from the calendar's shifts placed on the time line. */
    private record Reference(BusinessCalendar calendar) {
        boolean working(Instant minute) {
            LocalDate date = minute.atZone(calendar.zone()).toLocalDate();
            for (LocalDate day : List.of(date.minusDays(1), date)) {
                if (calendar.holidays().contains(day)) {
                    continue;
                }
                for (Shift shift : calendar.shifts(day.getDayOfWeek())) {
                    Instant start = ZonedDateTime.of(day, shift.start(), calendar.zone()).toInstant();
                    Instant end = ZonedDateTime.of(shift.overnight() ? day.plusDays(1) : day, shift.end(), calendar.zone()).toInstant();
                    if (!minute.isBefore(start) && minute.isBefore(end)) {
                        return true;
                    }
                }
            }
            return false;
        }

        Instant add(Instant from, long minutes) {
            Instant minute = from;
            for (long counted = 0; counted < minutes; minute = minute.plusSeconds(60)) {
                if (working(minute)) {
                    counted++;
                }
            }
            return minute;
        }

        long between(Instant from, Instant to) {
            long counted = 0;
            for (Instant minute = from; minute.isBefore(to); minute = minute.plusSeconds(60)) {
                if (working(minute)) {
                    counted++;
                }
            }
            return counted;
        }
    }
}
