package org.rapportcrm.sync.dav.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivityCalendarObjectsTest {
    private static final Instant NINE = Instant.parse("2026-12-07T09:00:00Z");

    private static org.rapportcrm.platform.api.record.Record activity(String kind, Object... keyValues) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("subject", "Quarterly review; budget, scope");
        v.put("activityType", kind);
        v.put("status", "Planned");
        v.put("priority", "High");
        v.put("dueAt", NINE);
        v.put("description", "Bring the figures");
        for (int i = 0; i < keyValues.length; i += 2) {
            v.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new org.rapportcrm.platform.api.record.Record("activity", "a1", 4, "u1", Instant.parse("2026-12-01T10:00:00Z"),
                Instant.parse("2026-12-02T10:00:00Z"), "u1", "u1", v);
    }

    @Test
    void aMeetingIsAVEventFromItsDueTimeForItsDuration() {
        String ics = ActivityCalendarObjects.write(activity("Meeting", "durationMinutes", 90L), "a1");
        assertTrue(ics.contains("BEGIN:VEVENT"), ics);
        assertFalse(ics.contains("VTODO"), ics);
        assertTrue(ics.contains("UID:a1"), ics);
        assertTrue(ics.contains("SUMMARY:Quarterly review\\; budget\\, scope"), ics);
        assertTrue(ics.contains("DTSTART:20261207T090000Z"), ics);
        assertTrue(ics.contains("DTEND:20261207T103000Z"), ics);
        assertTrue(ics.contains("CATEGORIES:Meeting"), ics);
        assertTrue(ics.contains("PRIORITY:1"), ics);
        assertTrue(ics.contains("DESCRIPTION:Bring the figures"), ics);
        assertTrue(ics.contains("DTSTAMP:20261202T100000Z"), "the record's update time, not the clock: " + ics);
        assertEquals(ics, ActivityCalendarObjects.write(activity("Meeting", "durationMinutes", 90L), "a1"), "same version, same bytes");
    }

    @Test
    void aTaskIsAVTodoWithItsDueTimeAndStatus() {
        String ics = ActivityCalendarObjects.write(activity("Task", "status", "Completed", "completedAt", Instant.parse("2026-12-06T17:00:00Z")),
                "phone-uid");
        assertTrue(ics.contains("BEGIN:VTODO"), ics);
        assertTrue(ics.contains("UID:phone-uid"), ics);
        assertTrue(ics.contains("DUE:20261207T090000Z"), ics);
        assertTrue(ics.contains("STATUS:COMPLETED"), ics);
        assertTrue(ics.contains("COMPLETED:20261206T170000Z"), ics);
    }

    @Test
    void anEventWrittenAndReadBackGivesTheSameFields() {
        var call = activity("Call", "durationMinutes", 15L, "status", "Cancelled");
        Map<String, Object> fields = ActivityCalendarObjects.fields(ActivityCalendarObjects.parse(ActivityCalendarObjects.write(call, "a1")), call);
        assertEquals("Quarterly review; budget, scope", fields.get("subject"));
        assertEquals("Call", fields.get("activityType"));
        assertEquals(NINE, fields.get("dueAt"));
        assertEquals(15L, fields.get("durationMinutes"));
        assertEquals("Cancelled", fields.get("status"));
        assertEquals("High", fields.get("priority"));
        assertEquals("Bring the figures", fields.get("description"));
    }

    @Test
    void anEventMadeOnAPhoneBecomesAMeetingInItsTimeZone() {
        String ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VEVENT\r\nUID:phone-1\r\nDTSTAMP:20261201T000000Z\r\n"
                + "DTSTART;TZID=Europe/Berlin:20261207T100000\r\nDURATION:PT45M\r\nSUMMARY:Lunch with Ann\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        var parsed = ActivityCalendarObjects.parse(ics);
        Map<String, Object> fields = ActivityCalendarObjects.fields(parsed, null);
        assertEquals("phone-1", ActivityCalendarObjects.uid(parsed));
        assertEquals("Meeting", fields.get("activityType"));
        assertEquals(NINE, fields.get("dueAt"), "10:00 in Berlin is 09:00 UTC");
        assertEquals(45L, fields.get("durationMinutes"));
        assertEquals("Planned", fields.get("status"));
        assertNull(fields.get("description"), "a field the event leaves out is emptied");
        assertFalse(fields.containsKey("priority"), "no PRIORITY leaves the CRM's priority alone");
    }

    @Test
    void anEventWithoutCategoryKeepsTheKindItHad() {
        String ics = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:a1\nDTSTART:20261207T090000Z\nSUMMARY:Call back\nEND:VEVENT\nEND:VCALENDAR\n";
        assertEquals("Call", ActivityCalendarObjects.fields(ActivityCalendarObjects.parse(ics), activity("Call")).get("activityType"));
        assertEquals("Meeting", ActivityCalendarObjects.fields(ActivityCalendarObjects.parse(ics), null).get("activityType"));
    }

    @Test
    void aTaskCompletedOnThePhoneIsCompletedInTheCrm() {
        String ics = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VTODO\nUID:t1\nSUMMARY:Send quote\nDUE;VALUE=DATE:20261207\nSTATUS:COMPLETED\n"
                + "COMPLETED:20261206T170000Z\nPRIORITY:9\nEND:VTODO\nEND:VCALENDAR\n";
        Map<String, Object> fields = ActivityCalendarObjects.fields(ActivityCalendarObjects.parse(ics), activity("Task"));
        assertEquals("Task", fields.get("activityType"));
        assertEquals(Instant.parse("2026-12-07T00:00:00Z"), fields.get("dueAt"), "a due day is its midnight UTC, whatever the server's zone");
        assertEquals("Completed", fields.get("status"));
        assertEquals(Instant.parse("2026-12-06T17:00:00Z"), fields.get("completedAt"));
        assertEquals("Low", fields.get("priority"));
    }

    @Test
    void whatIsNoSingleOneOffEventOrTaskIsRefused() {
        assertThrows(DavCollection.InvalidItem.class, () -> ActivityCalendarObjects.parse("hello"));
        assertThrows(DavCollection.InvalidItem.class, () -> fieldsOf("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n"));
        assertThrows(DavCollection.InvalidItem.class, () -> fieldsOf(
                "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nDTSTART:20261207T090000Z\nEND:VEVENT\nEND:VCALENDAR\n"), "no SUMMARY");
        assertThrows(DavCollection.InvalidItem.class, () -> fieldsOf(
                "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nSUMMARY:No start\nEND:VEVENT\nEND:VCALENDAR\n"), "no DTSTART");
        assertThrows(DavCollection.InvalidItem.class, () -> fieldsOf("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nSUMMARY:Weekly\n"
                + "DTSTART:20261207T090000Z\nRRULE:FREQ=WEEKLY\nEND:VEVENT\nEND:VCALENDAR\n"), "recurring");
        assertThrows(DavCollection.InvalidItem.class, () -> fieldsOf("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nSUMMARY:Backwards\n"
                + "DTSTART:20261207T090000Z\nDTEND:20261207T080000Z\nEND:VEVENT\nEND:VCALENDAR\n"), "ends before it starts");
        assertThrows(DavCollection.InvalidItem.class, () -> fieldsOf("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nSUMMARY:One\n"
                + "DTSTART:20261207T090000Z\nEND:VEVENT\nBEGIN:VTODO\nUID:y\nSUMMARY:Two\nEND:VTODO\nEND:VCALENDAR\n"), "two components");
    }

    @Test
    void aTimeRangeMatchesEventsThatOverlapItAndTasksDueInIt() {
        var meeting = activity("Meeting", "durationMinutes", 60L);
        assertTrue(ActivityCalendarObjects.overlaps(meeting, Instant.parse("2026-12-07T09:30:00Z"), Instant.parse("2026-12-07T11:00:00Z")));
        assertFalse(ActivityCalendarObjects.overlaps(meeting, Instant.parse("2026-12-07T10:00:00Z"), null), "ends as the range starts");
        assertFalse(ActivityCalendarObjects.overlaps(meeting, null, NINE), "starts as the range ends");
        var task = activity("Task");
        assertTrue(ActivityCalendarObjects.overlaps(task, Instant.parse("2026-12-07T00:00:00Z"), NINE));
        assertFalse(ActivityCalendarObjects.overlaps(task, NINE, null));
        assertTrue(ActivityCalendarObjects.overlaps(activity("Task", "dueAt", null), NINE, NINE.plusSeconds(1)), "a task without a due time");
    }

    @Test
    void notesAndMeetingsWithoutATimeStayOutOfTheCalendar() {
        assertTrue(ActivityCalendarObjects.isCalendarItem(activity("Meeting")));
        assertTrue(ActivityCalendarObjects.isCalendarItem(activity("Task", "dueAt", null)));
        assertFalse(ActivityCalendarObjects.isCalendarItem(activity("Note")));
        assertFalse(ActivityCalendarObjects.isCalendarItem(activity("Call", "dueAt", null)));
    }

    private static Map<String, Object> fieldsOf(String ics) {
        return ActivityCalendarObjects.fields(ActivityCalendarObjects.parse(ics), null);
    }
}
