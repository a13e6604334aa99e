package org.rapportcrm.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.Cases;
import org.rapportcrm.service.internal.sla.SlaEscalations;

/**
 * SLA clocks of cases on a Berlin office calendar (Monday to Friday 09:00-17:00, 24 December a holiday): due times,
 * pauses, recomputation, and warnings and breaches that fire once with the policy's escalation.
 */
class SlaTest {
    private final ServiceFixture service = new ServiceFixture();
    private Record escalationQueue;
    private Record policy;
    private String manager;

    @BeforeEach
    void officeHoursPolicy() {
        Record calendar = service.create(ServiceTypes.CALENDAR, Map.of("name", "Berlin office", "timeZone", "Europe/Berlin",
                "monday", "09:00-17:00", "tuesday", "09:00-17:00", "wednesday", "09:00-17:00", "thursday", "09:00-17:00", "friday", "09:00-17:00"));
        service.create(ServiceTypes.HOLIDAY, Map.of("calendar", calendar.getId(), "name", "Christmas Eve", "date", LocalDate.parse("2026-12-24")));
        escalationQueue = service.create(ServiceTypes.QUEUE, Map.of("name", "Escalations", "routing", ServiceTypes.MANUAL));
        manager = service.core.user("mia", java.util.Set.of("service"), java.util.Set.of()).userId();
        policy = service.create(ServiceTypes.SLA_POLICY, Map.of("name", "Standard support", "position", 1, "calendar", calendar.getId(),
                "warningPercent", 75, "escalateToQueue", escalationQueue.getId(), "raisePriority", true, "notifyUser", manager));
        service.create(ServiceTypes.SLA_TARGET, Map.of("slaPolicy", policy.getId(), "priority", "High",
                "firstResponseMinutes", 60, "nextResponseMinutes", 120, "resolutionMinutes", 480));
        service.create(ServiceTypes.SLA_TARGET, Map.of("slaPolicy", policy.getId(), "priority", "High", "accountTier", "Gold",
                "firstResponseMinutes", 30, "resolutionMinutes", 240));
        service.create(ServiceTypes.SLA_TARGET, Map.of("slaPolicy", policy.getId(), "priority", "Urgent",
                "firstResponseMinutes", 15, "resolutionMinutes", 120));
    }

    private static Instant berlin(String local) {
        return java.time.LocalDateTime.parse(local).atZone(java.time.ZoneId.of("Europe/Berlin")).toInstant();
    }

    private Record highCase(Instant at) {
        service.clock.set(at);
        return service.create(Cases.TYPE, Map.of("subject", "Checkout fails", "priority", "High"));
    }

    @Test
    void aNewCaseGetsItsDueTimesInBusinessHoursAndTasksAtThem() {
        Record c = highCase(berlin("2026-12-04T16:30")); // Friday afternoon
        assertEquals(policy.getId(), c.get("slaPolicy"));
        assertEquals(berlin("2026-12-07T09:30"), c.get("firstResponseDueAt"));
        assertEquals(berlin("2026-12-07T09:15"), c.get("firstResponseWarningAt"), "75 % of an hour");
        assertEquals(berlin("2026-12-07T16:30"), c.get("resolutionDueAt"));
        assertEquals(c.get("firstResponseDueAt"), c.get("slaDueAt"), "the earliest running clock");
        assertEquals(ServiceTypes.ON_TRACK, c.get("slaStatus"));
        assertEquals(Optional.of(berlin("2026-12-07T09:30")), service.tasks.due(c.getId() + ":firstResponse:breach"));
        assertEquals(Optional.of(berlin("2026-12-07T16:30")), service.tasks.due(c.getId() + ":resolution:breach"));
        assertEquals(Optional.empty(), service.tasks.due(c.getId() + ":nextResponse:breach"), "no customer reply waits");
    }

    @Test
    void theTargetForTheAccountsTierComesBeforeTheOneForEveryTier() {
        Record gold = service.create("account", Map.of("name", "Gold GmbH", "serviceTier", "Gold"));
        service.clock.set(berlin("2026-12-07T10:00"));
        Record c = service.create(Cases.TYPE, Map.of("subject", "Outage", "priority", "High", "account", gold.getId()));
        assertEquals(berlin("2026-12-07T10:30"), c.get("firstResponseDueAt"));
        assertEquals(berlin("2026-12-07T14:00"), c.get("resolutionDueAt"));
    }

    @Test
    void aCaseWithoutAMatchingTargetHasNoSla() {
        service.clock.set(berlin("2026-12-07T10:00"));
        Record low = service.create(Cases.TYPE, Map.of("subject", "Typo on website", "priority", "Low"));
        assertNull(low.get("slaPolicy"));
        assertNull(low.get("slaDueAt"));
        assertTrue(service.tasks.due(low.getId() + ":resolution:breach").isEmpty());
    }

    @Test
    void aNewPriorityMovesTheDueTimesAndTheirTasks() {
        Record c = highCase(berlin("2026-12-07T10:00"));
        Record urgent = service.update(c, Map.of("priority", "Urgent"));
        assertEquals(berlin("2026-12-07T10:15"), urgent.get("firstResponseDueAt"));
        assertEquals(berlin("2026-12-07T12:00"), urgent.get("resolutionDueAt"));
        assertEquals(Optional.of(berlin("2026-12-07T12:00")), service.tasks.due(c.getId() + ":resolution:breach"));
        assertEquals(Optional.empty(), service.tasks.due(c.getId() + ":nextResponse:warning"));
    }

    @Test
    void waitingOnTheCustomerOverAWeekendPausesTheClocksForTheWorkingHoursItCovered() {
        Record c = highCase(berlin("2026-12-04T14:00")); // Friday; 8 h to resolve: due Monday 14:00
        assertEquals(berlin("2026-12-07T14:00"), c.get("resolutionDueAt"));
        service.clock.set(berlin("2026-12-04T15:00"));
        c = service.update(c, Map.of(Cases.LAST_RESPONSE_AT, berlin("2026-12-04T15:00"), "status", Cases.WAITING_ON_CUSTOMER));
        assertEquals(ServiceTypes.PAUSED, c.get("slaStatus"));
        assertNull(c.get("slaDueAt"));
        assertEquals(Optional.empty(), service.tasks.due(c.getId() + ":resolution:breach"), "no breach while waiting");
        // The customer answers on Monday at 11:00: the wait took Friday 15-17 and Monday 9-11, 4 working hours.
        service.clock.set(berlin("2026-12-07T11:00"));
        c = service.update(c, Map.of(Cases.CUSTOMER_REPLIED_AT, berlin("2026-12-07T11:00"), "status", Cases.OPEN));
        assertEquals(berlin("2026-12-08T10:00"), c.get("resolutionDueAt"));
        assertEquals(4L * 3600, c.get("slaPausedSeconds"));
        assertEquals(berlin("2026-12-07T13:00"), c.get("nextResponseDueAt"), "the customer's reply wants an answer in 2 h");
        assertEquals(c.get("nextResponseDueAt"), c.get("slaDueAt"));
        assertEquals(Optional.of(berlin("2026-12-08T10:00")), service.tasks.due(c.getId() + ":resolution:breach"));
    }

    @Test
    void resolvingInTimeMeetsTheSlaAndCancelsItsTasks() {
        Record c = highCase(berlin("2026-12-07T10:00"));
        service.clock.set(berlin("2026-12-07T10:20"));
        c = service.update(c, Map.of(Cases.LAST_RESPONSE_AT, berlin("2026-12-07T10:20")));
        assertEquals(20L, c.get("firstResponseMinutes"));
        assertEquals(Optional.empty(), service.tasks.due(c.getId() + ":firstResponse:breach"), "met: nothing to fire");
        service.clock.set(berlin("2026-12-07T15:00"));
        c = service.update(c, Map.of("status", Cases.RESOLVED));
        assertEquals(ServiceTypes.MET, c.get("slaStatus"));
        assertEquals(300L, c.get("resolutionMinutes"));
        assertEquals(Optional.empty(), service.tasks.due(c.getId() + ":resolution:breach"));
    }

    @Test
    void theWarningAndTheBreachFireOnceWithThePolicysEscalation() {
        Record c = highCase(berlin("2026-12-07T10:00"));
        service.advanceTo(berlin("2026-12-07T10:50"));
        assertEquals(List.of("service.sla-warning CS-000001 firstResponse"), service.events);
        assertEquals(ServiceTypes.WARNING, service.reload(c).get("slaStatus"));
        assertEquals(java.util.Set.of(manager), service.notified.get(0).userIds().stream().filter(manager::equals).collect(java.util.stream.Collectors.toSet()));

        service.advanceTo(berlin("2026-12-07T11:05"));
        Record breached = service.reload(c);
        assertEquals(ServiceTypes.BREACHED, breached.get("slaStatus"));
        assertEquals(escalationQueue.getId(), breached.get("queue"), "moved to the escalation queue");
        assertEquals("Urgent", breached.get("priority"), "priority raised");
        assertEquals(List.of("service.sla-warning CS-000001 firstResponse", "service.sla-breached CS-000001 firstResponse"), service.events);

        // The same task run again (a node died after the escalation committed) fires nothing more.
        Instant due = berlin("2026-12-07T11:00");
        service.escalations.run(TaskRun.of(c.getId() + ":firstResponse:breach", Map.of("case", c.getId(), "clock", "firstResponse",
                "kind", SlaEscalations.BREACH, "at", due.toString()), 2, due));
        assertEquals(2, service.events.size());
        assertEquals("Urgent", service.reload(c).get("priority"));
    }

    @Test
    void aClockMetBeforeItsTimeFiresNothing() {
        Record c = highCase(berlin("2026-12-07T10:00"));
        service.clock.set(berlin("2026-12-07T10:10"));
        service.update(c, Map.of(Cases.LAST_RESPONSE_AT, berlin("2026-12-07T10:10")));
        service.advanceTo(berlin("2026-12-07T12:00"));
        assertEquals(List.of(), service.events);
    }

    @Test
    void calendarsAndFiltersThatDoNotReadAreRefusedNamingTheField() {
        ValidationException zone = assertThrows(ValidationException.class, () -> service.create(ServiceTypes.CALENDAR,
                Map.of("name", "Mars", "timeZone", "Mars/Olympus")));
        assertEquals("timeZone", zone.getErrors().get(0).field());
        ValidationException shift = assertThrows(ValidationException.class, () -> service.create(ServiceTypes.CALENDAR,
                Map.of("name", "Odd", "timeZone", "UTC", "monday", "nine to five")));
        assertEquals("monday", shift.getErrors().get(0).field());
        ValidationException filter = assertThrows(ValidationException.class, () -> service.create(ServiceTypes.ASSIGNMENT_RULE,
                Map.of("name", "Bad", "position", 1, "queue", escalationQueue.getId(), "filter", "colour eq 'red'")));
        assertEquals("filter", filter.getErrors().get(0).field());
    }

    @Test
    void holidaysComeFromAnICalendarFileOnceEach() throws Exception {
        Record calendar = service.create(ServiceTypes.CALENDAR, Map.of("name", "Munich", "timeZone", "Europe/Berlin"));
        String ics = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//holidays//EN",
                "BEGIN:VEVENT", "UID:1@test", "DTSTAMP:20261201T000000Z", "DTSTART;VALUE=DATE:20261225", "DTEND;VALUE=DATE:20261227",
                "SUMMARY:Christmas", "END:VEVENT",
                "BEGIN:VEVENT", "UID:2@test", "DTSTAMP:20261201T000000Z", "DTSTART;VALUE=DATE:20270101", "SUMMARY:New Year", "END:VEVENT",
                "END:VCALENDAR", "");
        HolidayImportAction importer = new HolidayImportAction(service.core.records);
        assertEquals(Map.of("added", 3, "skipped", 0), importer.importHolidays(Actor.system(), calendar.getId(), ics));
        assertEquals(Map.of("added", 0, "skipped", 3), importer.importHolidays(Actor.system(), calendar.getId(), ics));
        assertEquals(3, service.core.records.count(Actor.system(), ServiceTypes.HOLIDAY,
                org.rapportcrm.platform.api.query.Filter.eq("calendar", calendar.getId())));
        assertThrows(org.rapportcrm.platform.api.rest.RestException.class, () -> importer.importHolidays(Actor.system(), calendar.getId(), "hello"));
    }
}
