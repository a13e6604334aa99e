package org.rapportcrm.service.internal;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.util.ICalDate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.security.Actor;

/**
 * {@code POST /api/v1/businessCalendars/{id}/holidays} with an iCalendar file ({@code text/calendar}, such as a public
 * holiday calendar): each event's days become holidays of the calendar, named by the event's summary; days it has
 * already are kept as they are, so importing the same file twice changes nothing. All or nothing, in one transaction.
 */
@Component
public class HolidayImportAction implements RecordAction {
    static final long MAX_BYTES = 2L * 1024 * 1024;
    private static final int MAX_DAYS_PER_EVENT = 31;
    private final RecordService records;

    @Activate
    public HolidayImportAction(@Reference RecordService records) {
        this.records = records;
    }

    @Override
    public String recordType() {
        return ServiceTypes.CALENDAR;
    }

    @Override
    public String name() {
        return "holidays";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.post("").summary("Import holidays from an iCalendar file")
                .requestBody("text/calendar")
                .response(200, "The holidays added", JsonSchema.object().property("added", JsonSchema.integer())
                        .property("skipped", JsonSchema.integer()))
                .problem(422, "The body is not an iCalendar file with events")
                .handler(ex -> {
                    String text;
                    try (InputStream in = ex.bodyStream(MAX_BYTES)) {
                        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    ex.send(200, importHolidays(ex.actor(), ex.pathParameter("id"), text));
                }));
    }

    Map<String, Object> importHolidays(Actor actor, String calendarId, String icalendar) throws IOException {
        Record calendar = records.get(actor, ServiceTypes.CALENDAR, calendarId);
        ZoneId zone = ZoneId.of((String) calendar.get("timeZone"));
        Map<LocalDate, String> days = read(icalendar, zone);
        return records.inTransaction(() -> {
            Set<LocalDate> known = new HashSet<>();
            records.forEach(actor, Query.of(ServiceTypes.HOLIDAY).where(Filter.eq("calendar", calendarId)).limit(Query.MAX_LIMIT),
                    h -> known.add((LocalDate) h.get("date")));
            List<Map<String, Object>> added = new ArrayList<>();
            days.forEach((date, name) -> {
                if (!known.contains(date)) {
                    records.create(actor, ServiceTypes.HOLIDAY, Map.of("calendar", calendarId, "name", name, "date", date));
                    added.add(Map.of("date", date.toString(), "name", name));
                }
            });
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("added", added.size());
            result.put("skipped", days.size() - added.size());
            return result;
        });
    }

    /** The days of the events (an all-day event's end date is exclusive), by date, named by their summaries. */
    static Map<LocalDate, String> read(String text, ZoneId zone) {
        List<ICalendar> calendars;
        try {
            calendars = Biweekly.parse(text).all();
        } catch (RuntimeException e) {
            throw new RestException(422, "body", "Not an iCalendar file: " + e.getMessage());
        }
        Map<LocalDate, String> days = new java.util.TreeMap<>();
        for (ICalendar ical : calendars) {
            for (VEvent event : ical.getEvents()) {
                if (event.getDateStart() == null || event.getDateStart().getValue() == null) {
                    continue;
                }
                ICalDate start = event.getDateStart().getValue();
                LocalDate first = day(start, zone);
                LocalDate end = event.getDateEnd() == null || event.getDateEnd().getValue() == null ? first.plusDays(1)
                        : day(event.getDateEnd().getValue(), zone);
                if (!start.hasTime() || !end.isAfter(first)) {
                    end = end.isAfter(first) ? end : first.plusDays(1);
                }
                String name = event.getSummary() == null || event.getSummary().getValue() == null ? "Holiday"
                        : event.getSummary().getValue().strip();
                for (LocalDate d = first; d.isBefore(end) && d.isBefore(first.plusDays(MAX_DAYS_PER_EVENT)); d = d.plusDays(1)) {
                    days.putIfAbsent(d, name.length() > 200 ? name.substring(0, 200) : name);
                }
            }
        }
        if (days.isEmpty()) {
            throw new RestException(422, "body", "The iCalendar file has no events with a start date");
        }
        return days;
    }

    private static LocalDate day(ICalDate date, ZoneId zone) {
        if (!date.hasTime()) {
            // A date without a time is a floating day: biweekly gives it as midnight in the JVM's zone.
            return date.toInstant().atZone(ZoneId.systemDefault()).toLocalDate();
        }
        return date.toInstant().atZone(zone).toLocalDate();
    }
}
