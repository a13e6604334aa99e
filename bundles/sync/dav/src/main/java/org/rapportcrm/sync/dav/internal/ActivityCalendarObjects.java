package org.rapportcrm.sync.dav.internal;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.ICalComponent;
import biweekly.component.VEvent;
import biweekly.component.VTodo;
import biweekly.property.Categories;
import biweekly.property.DateDue;
import biweekly.property.DateEnd;
import biweekly.property.DateStart;
import biweekly.property.Status;
import biweekly.property.TextProperty;
import biweekly.util.DateTimeComponents;
import biweekly.util.ICalDate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rapportcrm.platform.api.record.Record;

/**
 * Activities as iCalendar objects (RFC 5545) and back. Meetings and calls are VEVENTs (DTSTART = due, DTEND = due +
 * duration, CATEGORIES = the kind, STATUS:CANCELLED when cancelled); tasks are VTODOs (DUE, STATUS, COMPLETED).
 * Both carry UID, SUMMARY (subject), DESCRIPTION, PRIORITY (1 high, 5 normal, 9 low), DTSTAMP and LAST-MODIFIED (the
 * record's update time, so the same version always gives the same bytes). Notes, e-mails and meetings without a time
 * stay out of the calendar. Recurring events are refused: an activity happens once.
 */
final class ActivityCalendarObjects {
    static final String TYPE = "activity";
    static final String MEETING = "Meeting";
    static final String CALL = "Call";
    static final String TASK = "Task";
    static final String VEVENT = "VEVENT";
    static final String VTODO = "VTODO";
    private static final String PRODUCT = "-//Rapport CRM//Activities//EN";

    private ActivityCalendarObjects() {
    }

    /** Whether an activity is in a calendar: tasks, and meetings and calls that have a time. */
    static boolean isCalendarItem(Record activity) {
        String kind = text(activity, "activityType");
        return TASK.equals(kind) || (MEETING.equals(kind) || CALL.equals(kind)) && activity.get("dueAt") != null;
    }

    /** VEVENT or VTODO. */
    static String component(Record activity) {
        return TASK.equals(text(activity, "activityType")) ? VTODO : VEVENT;
    }

    static String write(Record activity, String uid) {
        ICalendar ical = new ICalendar();
        ical.setProductId(PRODUCT);
        Instant due = (Instant) activity.get("dueAt");
        Date stamp = Date.from(activity.getUpdatedAt() != null ? activity.getUpdatedAt() : activity.getCreatedAt() != null
                ? activity.getCreatedAt() : Instant.EPOCH);
        if (VTODO.equals(component(activity))) {
            VTodo todo = new VTodo();
            todo.setUid(uid);
            todo.setDateTimeStamp(stamp);
            todo.setLastModified(stamp);
            todo.setSummary(text(activity, "subject"));
            if (due != null) {
                todo.setDateDue(new DateDue(Date.from(due), true));
            }
            todo.setStatus(todoStatus(text(activity, "status")));
            if (activity.get("completedAt") instanceof Instant completed) {
                todo.setCompleted(Date.from(completed));
            }
            todo.setPriority(priority(text(activity, "priority")));
            todo.setDescription(text(activity, "description"));
            ical.addTodo(todo);
        } else {
            VEvent event = new VEvent();
            event.setUid(uid);
            event.setDateTimeStamp(stamp);
            event.setLastModified(stamp);
            event.setSummary(text(activity, "subject"));
            event.setDateStart(new DateStart(Date.from(due), true));
            if (activity.get("durationMinutes") instanceof Number minutes) {
                event.setDateEnd(new DateEnd(Date.from(due.plus(Duration.ofMinutes(minutes.longValue()))), true));
            }
            event.addCategories(text(activity, "activityType"));
            if ("Cancelled".equals(text(activity, "status"))) {
                event.setStatus(Status.cancelled());
            }
            event.setPriority(priority(text(activity, "priority")));
            event.setDescription(text(activity, "description"));
            ical.addEvent(event);
        }
        return Biweekly.write(ical).go();
    }

    /** Reads one iCalendar object. @throws DavCollection.InvalidItem if it is not one */
    static ICalendar parse(String text) {
        ICalendar ical;
        try {
            ical = Biweekly.parse(text).first();
        } catch (RuntimeException e) {
            throw new DavCollection.InvalidItem("Not an iCalendar object: " + e.getMessage());
        }
        if (ical == null) {
            throw new DavCollection.InvalidItem("Not an iCalendar object: no BEGIN:VCALENDAR ... END:VCALENDAR");
        }
        return ical;
    }

    /** The UID of the object's event or task, or null. */
    static String uid(ICalendar ical) {
        ICalComponent item = item(ical);
        TextProperty uid = item instanceof VEvent e ? e.getUid() : ((VTodo) item).getUid();
        return uid == null ? null : blankToNull(uid.getValue());
    }

    /**
     * The activity's fields from an iCalendar object; {@code existing} (null on create) keeps the kind of an event that
     * does not say whether it is a call or a meeting, and the status of one that is not cancelled.
     *
     * @throws DavCollection.InvalidItem if it has no single event or task, repeats, or lacks a SUMMARY or an event's DTSTART
     */
    static Map<String, Object> fields(ICalendar ical, Record existing) {
        ICalComponent item = item(ical);
        Map<String, Object> fields = new LinkedHashMap<>();
        if (item instanceof VEvent event) {
            if (event.getRecurrenceRule() != null || !event.getRecurrenceDates().isEmpty()) {
                throw new DavCollection.InvalidItem("A Rapport activity happens once: RRULE and RDATE are not supported");
            }
            fields.put("subject", summary(event.getSummary()));
            if (event.getDateStart() == null || event.getDateStart().getValue() == null) {
                throw new DavCollection.InvalidItem("The VEVENT has no DTSTART");
            }
            ICalDate start = event.getDateStart().getValue();
            Instant from = instant(start);
            Long minutes = null;
            if (event.getDateEnd() != null && event.getDateEnd().getValue() != null) {
                minutes = Duration.between(from, instant(event.getDateEnd().getValue())).toMinutes();
            } else if (event.getDuration() != null && event.getDuration().getValue() != null) {
                minutes = event.getDuration().getValue().toMillis() / 60_000;
            } else if (!start.hasTime()) {
                minutes = 24L * 60;
            }
            if (minutes != null && minutes < 0) {
                throw new DavCollection.InvalidItem("The VEVENT ends before it starts");
            }
            fields.put("activityType", eventKind(event.getCategories(), existing));
            fields.put("dueAt", from);
            fields.put("durationMinutes", minutes);
            if (event.getStatus() != null && event.getStatus().isCancelled()) {
                fields.put("status", "Cancelled");
            } else if (existing == null || "Cancelled".equals(text(existing, "status"))) {
                fields.put("status", "Planned");
            }
            priority(event.getPriority() == null ? null : event.getPriority().getValue(), fields);
            fields.put("description", event.getDescription() == null ? null : blankToNull(event.getDescription().getValue()));
        } else {
            VTodo todo = (VTodo) item;
            if (todo.getRecurrenceRule() != null) {
                throw new DavCollection.InvalidItem("A Rapport task happens once: RRULE is not supported");
            }
            fields.put("subject", summary(todo.getSummary()));
            fields.put("activityType", TASK);
            ICalDate due = todo.getDateDue() != null ? todo.getDateDue().getValue()
                    : todo.getDateStart() != null ? todo.getDateStart().getValue() : null;
            fields.put("dueAt", due == null ? null : instant(due));
            String status = todo.getStatus() == null ? null : todo.getStatus().getValue().toUpperCase(Locale.ROOT);
            fields.put("status", status == null ? existing == null ? "Planned" : text(existing, "status") : switch (status) {
                case Status.COMPLETED -> "Completed";
                case Status.IN_PROGRESS -> "In progress";
                case Status.CANCELLED -> "Cancelled";
                default -> "Planned";
            });
            fields.put("completedAt", todo.getCompleted() == null || todo.getCompleted().getValue() == null ? null
                    : todo.getCompleted().getValue().toInstant());
            priority(todo.getPriority() == null ? null : todo.getPriority().getValue(), fields);
            fields.put("description", todo.getDescription() == null ? null : blankToNull(todo.getDescription().getValue()));
        }
        return fields;
    }

    /**
     * Whether the activity overlaps {@code [start, end)} as RFC 4791 9.9 defines it (null bounds are open): an event
     * from due to due + duration (an instant when it has none), a task at its due time (always, when it has none).
     */
    static boolean overlaps(Record activity, Instant start, Instant end) {
        Instant due = (Instant) activity.get("dueAt");
        if (due == null) {
            return true;
        }
        Instant from = start == null ? Instant.MIN : start;
        Instant to = end == null ? Instant.MAX : end;
        if (VTODO.equals(component(activity))) {
            return from.isBefore(due) && !to.isBefore(due);
        }
        long minutes = activity.get("durationMinutes") instanceof Number n ? n.longValue() : 0;
        if (minutes <= 0) {
            return !from.isAfter(due) && to.isAfter(due);
        }
        return from.isBefore(due.plus(Duration.ofMinutes(minutes))) && to.isAfter(due);
    }

    /** The one VEVENT or VTODO of a calendar object (the master when overrides with RECURRENCE-ID come along). */
    private static ICalComponent item(ICalendar ical) {
        List<VEvent> events = ical.getEvents().stream().filter(e -> e.getRecurrenceId() == null).toList();
        List<VTodo> todos = ical.getTodos().stream().filter(t -> t.getRecurrenceId() == null).toList();
        if (events.size() + todos.size() != 1) {
            throw new DavCollection.InvalidItem("A calendar object holds exactly one VEVENT or VTODO, this one has " + events.size()
                    + " events and " + todos.size() + " tasks");
        }
        return events.isEmpty() ? todos.get(0) : events.get(0);
    }

    private static String eventKind(List<Categories> categories, Record existing) {
        for (Categories c : categories) {
            for (String value : c.getValues()) {
                if (CALL.equalsIgnoreCase(value.trim())) {
                    return CALL;
                }
                if (MEETING.equalsIgnoreCase(value.trim())) {
                    return MEETING;
                }
            }
        }
        String before = existing == null ? null : text(existing, "activityType");
        return CALL.equals(before) ? CALL : MEETING;
    }

    private static String summary(TextProperty summary) {
        String subject = summary == null ? null : blankToNull(summary.getValue());
        if (subject == null) {
            throw new DavCollection.InvalidItem("The activity needs a subject: give SUMMARY");
        }
        return subject.trim();
    }

    /** A date with a time is an instant; a date alone (all day) starts at midnight UTC, whatever the server's zone. */
    private static Instant instant(ICalDate date) {
        if (date.hasTime()) {
            return date.toInstant();
        }
        DateTimeComponents day = date.getRawComponents();
        return day == null ? date.toInstant() : LocalDate.of(day.getYear(), day.getMonth(), day.getDate()).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Status todoStatus(String status) {
        return switch (status == null ? "" : status) {
            case "Completed" -> Status.completed();
            case "In progress" -> Status.inProgress();
            case "Cancelled" -> Status.cancelled();
            default -> Status.needsAction();
        };
    }

    private static Integer priority(String priority) {
        return switch (priority == null ? "" : priority) {
            case "High" -> 1;
            case "Normal" -> 5;
            case "Low" -> 9;
            default -> null;
        };
    }

    /** RFC 5545 3.8.1.9: 1-4 high, 5 medium, 6-9 low, 0 undefined (left as it is). */
    private static void priority(Integer value, Map<String, Object> fields) {
        if (value != null && value > 0) {
            fields.put("priority", value < 5 ? "High" : value == 5 ? "Normal" : "Low");
        }
    }

    private static String text(Record r, String field) {
        Object v = r.get(field);
        return v == null ? null : blankToNull(v.toString());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
