package org.rapportcrm.service.internal.sla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Business time as agents and customers read it off a wall clock in the calendar's time zone. */
class BusinessTimeTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static Map<DayOfWeek, List<Shift>> weekdays(String shifts) {
        Map<DayOfWeek, List<Shift>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY) {
                week.put(day, Shift.parseDay(shifts));
            }
        }
        return week;
    }

    static Instant at(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    static String local(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toLocalDateTime().toString();
    }

    @Nested
    class OfficeHours {
        private final BusinessTime officeHours = new BusinessTime(new BusinessCalendar(BERLIN, weekdays("09:00-17:00"), Set.of()));

        @Test
        void anHourInsideTheWorkingDayIsAnHourLater() {
            assertEquals("2026-12-07T11:00", local(officeHours.addMinutes(at("2026-12-07T10:00", BERLIN), 60), BERLIN));
        }

        @Test
        void timeLeftOnFridayGoesOnOnMondayMorning() {
            assertEquals("2026-12-07T09:30", local(officeHours.addMinutes(at("2026-12-04T16:30", BERLIN), 60), BERLIN));
        }

        @Test
        void aCaseOpenedAtNightStartsItsClockWhenTheOfficeOpens() {
            assertEquals("2026-12-08T10:00", local(officeHours.addMinutes(at("2026-12-07T23:10", BERLIN), 60), BERLIN));
            assertEquals("2026-12-07T17:00", local(officeHours.addMinutes(at("2026-12-07T09:00", BERLIN), 480), BERLIN));
        }

        @Test
        void betweenCountsOnlyWorkingTimeAndIsSignedLikeTheInterval() {
            Instant friday = at("2026-12-04T16:00", BERLIN);
            Instant monday = at("2026-12-07T10:00", BERLIN);
            assertEquals(120, officeHours.minutesBetween(friday, monday));
            assertEquals(-120, officeHours.minutesBetween(monday, friday));
            assertEquals(0, officeHours.minutesBetween(at("2026-12-05T10:00", BERLIN), at("2026-12-06T18:00", BERLIN)));
        }

        @Test
        void addingNothingStaysPutAndAddingLessThanNothingIsRefused() {
            Instant saturday = at("2026-12-05T10:00", BERLIN);
            assertEquals(saturday, officeHours.add(saturday, Duration.ZERO));
            assertThrows(IllegalArgumentException.class, () -> officeHours.add(saturday, Duration.ofMinutes(-1)));
        }

        @Test
        void workingTimeIsKnownToTheSecond() {
            assertTrue(officeHours.isWorking(at("2026-12-07T09:00", BERLIN)));
            assertFalse(officeHours.isWorking(at("2026-12-07T17:00", BERLIN)));
            assertEquals(at("2026-12-07T09:00:30", BERLIN), officeHours.add(at("2026-12-05T12:00", BERLIN), Duration.ofSeconds(30)));
        }
    }

    @Test
    void aSplitShiftSkipsTheLunchBreak() {
        BusinessTime split = new BusinessTime(new BusinessCalendar(BERLIN, weekdays("08:00-12:00, 13:00-17:00"), Set.of()));
        assertEquals("2026-12-07T13:30", local(split.addMinutes(at("2026-12-07T11:30", BERLIN), 60), BERLIN));
        assertEquals(60, split.minutesBetween(at("2026-12-07T11:30", BERLIN), at("2026-12-07T13:30", BERLIN)));
    }

    @Test
    void anOvernightShiftBelongsToTheDayItStartsAndRunsPastMidnight() {
        BusinessTime nights = new BusinessTime(new BusinessCalendar(BERLIN, weekdays("22:00-06:00"), Set.of()));
        assertEquals("2026-12-08T06:00", local(nights.addMinutes(at("2026-12-07T23:00", BERLIN), 420), BERLIN));
        assertEquals("2026-12-08T23:00", local(nights.addMinutes(at("2026-12-07T23:00", BERLIN), 480), BERLIN));
        // Friday's night shift ends Saturday 06:00; Saturday and Sunday nights are off.
        assertEquals("2026-12-07T22:30", local(nights.addMinutes(at("2026-12-05T05:00", BERLIN), 90), BERLIN));
        assertTrue(nights.isWorking(at("2026-12-08T03:00", BERLIN)));
    }

    @Test
    void anOvernightShiftOverlappingTheMorningShiftCountsOnce() {
        Map<DayOfWeek, List<Shift>> week = new EnumMap<>(DayOfWeek.class);
        week.put(DayOfWeek.MONDAY, Shift.parseDay("20:00-08:00"));
        week.put(DayOfWeek.TUESDAY, Shift.parseDay("06:00-10:00"));
        BusinessTime overlap = new BusinessTime(new BusinessCalendar(BERLIN, week, Set.of()));
        assertEquals(14 * 60, overlap.minutesBetween(at("2026-12-07T00:00", BERLIN), at("2026-12-09T00:00", BERLIN)));
        assertEquals("2026-12-08T10:00", local(overlap.addMinutes(at("2026-12-07T20:00", BERLIN), 14 * 60), BERLIN));
    }

    @Test
    void noShiftStartsOnAHolidayNotEvenTheNightShift() {
        LocalDate christmas = LocalDate.parse("2026-12-24");
        BusinessTime office = new BusinessTime(new BusinessCalendar(BERLIN, weekdays("09:00-17:00"),
                Set.of(christmas, christmas.plusDays(1))));
        assertEquals("2026-12-28T10:00", local(office.addMinutes(at("2026-12-23T16:00", BERLIN), 120), BERLIN));
        BusinessTime nights = new BusinessTime(new BusinessCalendar(BERLIN, weekdays("22:00-06:00"), Set.of(christmas)));
        assertFalse(nights.isWorking(at("2026-12-25T01:00", BERLIN)));
        assertTrue(nights.isWorking(at("2026-12-24T01:00", BERLIN)), "the night from the 23rd into the 24th is worked");
    }

    @Nested
    class DaylightSavingChanges {
        private final BusinessTime roundTheClock = new BusinessTime(BusinessCalendar.always(BERLIN));

        @Test
        void theNightTheClocksGoForwardHasAnHourLess() {
            // 2026-03-29 in Berlin: 02:00 becomes 03:00.
            assertEquals("2026-03-29T04:00", local(roundTheClock.addMinutes(at("2026-03-29T00:00", BERLIN), 180), BERLIN));
            assertEquals(23 * 60, roundTheClock.minutesBetween(at("2026-03-29T00:00", BERLIN), at("2026-03-30T00:00", BERLIN)));
            BusinessTime nightShift = new BusinessTime(new BusinessCalendar(BERLIN,
                    Map.of(DayOfWeek.SUNDAY, Shift.parseDay("01:00-05:00")), Set.of()));
            assertEquals(180, nightShift.minutesBetween(at("2026-03-29T00:00", BERLIN), at("2026-03-29T06:00", BERLIN)));
        }

        @Test
        void theNightTheClocksGoBackHasAnHourMore() {
            // 2026-10-25 in Berlin: 03:00 becomes 02:00 again.
            Instant midnight = at("2026-10-25T00:00", BERLIN);
            assertEquals(25 * 60, roundTheClock.minutesBetween(midnight, at("2026-10-26T00:00", BERLIN)));
            assertEquals(Duration.ofHours(4), Duration.between(midnight, roundTheClock.addMinutes(midnight, 240)));
            assertEquals("2026-10-25T03:00", local(roundTheClock.addMinutes(midnight, 240), BERLIN));
            BusinessTime early = new BusinessTime(new BusinessCalendar(BERLIN, Map.of(DayOfWeek.SUNDAY, Shift.parseDay("00:00-06:00")), Set.of()));
            assertEquals(7 * 60, early.minutesBetween(midnight, at("2026-10-25T12:00", BERLIN)));
        }

        @Test
        void officeHoursAcrossTheChangeKeepTheirWallClockTimes() {
            BusinessTime office = new BusinessTime(new BusinessCalendar(NEW_YORK, weekdays("09:00-17:00"), Set.of()));
            // New York goes forward on Sunday 2026-03-08: Friday 16:00 + 2 h is Monday 10:00 local, 65 h later.
            Instant friday = at("2026-03-06T16:00", NEW_YORK);
            Instant due = office.addMinutes(friday, 120);
            assertEquals("2026-03-09T10:00", local(due, NEW_YORK));
            assertEquals(Duration.ofHours(65), Duration.between(friday, due));
        }
    }

    @Test
    void aCalendarWithoutWorkingTimeCannotGiveADueTime() {
        BusinessTime never = new BusinessTime(new BusinessCalendar(BERLIN, Map.of(), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> never.addMinutes(Instant.parse("2026-12-07T10:00:00Z"), 1));
        assertEquals(0, never.minutesBetween(Instant.parse("2026-12-07T10:00:00Z"), Instant.parse("2026-12-17T10:00:00Z")));
    }

    @Test
    void aPauseSpanningAWeekendGivesBackOnlyTheWorkingTimeItTook() {
        BusinessTime office = new BusinessTime(new BusinessCalendar(BERLIN, weekdays("09:00-17:00"), Set.of()));
        Instant created = at("2026-12-04T14:00", BERLIN); // Friday; 4 h to resolve: due Monday 10:00
        assertEquals("2026-12-07T10:00", local(SlaClocks.due(office, created, Duration.ofHours(4), Duration.ZERO), BERLIN));
        // Waiting on the customer from Friday 16:00 to Tuesday 09:00 took Friday's last hour and Monday: 9 working hours.
        Duration paused = office.between(at("2026-12-04T16:00", BERLIN), at("2026-12-08T09:00", BERLIN));
        assertEquals(Duration.ofHours(9), paused);
        assertEquals("2026-12-08T11:00", local(SlaClocks.due(office, created, Duration.ofHours(4), paused), BERLIN));
        // Waiting over the weekend only (Friday 16:00 to Saturday noon) costs just Friday's last hour.
        Duration weekendOnly = office.between(at("2026-12-04T16:00", BERLIN), at("2026-12-05T12:00", BERLIN));
        assertEquals("2026-12-07T11:00", local(SlaClocks.due(office, created, Duration.ofHours(4), weekendOnly), BERLIN));
    }

    @Test
    void aDayReadsAsAdministratorsWriteIt() {
        assertEquals(List.of(new Shift(LocalTime.of(8, 0), LocalTime.of(12, 0)), new Shift(LocalTime.of(22, 0), LocalTime.MIDNIGHT)),
                Shift.parseDay("08:00-12:00 , 22:00-24:00"));
        assertEquals(List.of(), Shift.parseDay(" "));
        assertThrows(IllegalArgumentException.class, () -> Shift.parseDay("8 to 5"));
        assertThrows(IllegalArgumentException.class, () -> Shift.parseDay("08:00-25:00"));
    }

    @Test
    void theDueTimeOfAYearOfBusinessHoursIsAYearOfWorkingDaysAway() {
        BusinessTime office = new BusinessTime(new BusinessCalendar(BERLIN, weekdays("09:00-17:00"), Set.of()));
        Instant start = at("2026-01-05T09:00", BERLIN); // a Monday
        Instant due = office.addMinutes(start, 52L * 5 * 8 * 60);
        assertEquals("2027-01-01T17:00", local(due, BERLIN));
        assertEquals(ZonedDateTime.of(2027, 1, 1, 17, 0, 0, 0, BERLIN).toInstant(), due);
    }
}
