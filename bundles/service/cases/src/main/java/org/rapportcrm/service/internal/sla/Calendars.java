package org.rapportcrm.service.internal.sla;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.internal.ServiceTypes;

/** Business calendars as stored (a calendar record, its holidays) turned into {@link BusinessCalendar}s. */
public final class Calendars {
    private final RecordService records;

    public Calendars(RecordService records) {
        this.records = records;
    }

    /** The calendar with its holidays; round the clock in UTC when {@code calendarId} is null. */
    public BusinessCalendar load(String calendarId) {
        if (calendarId == null) {
            return BusinessCalendar.always(ZoneId.of("UTC"));
        }
        Record calendar = records.get(Actor.system(), ServiceTypes.CALENDAR, calendarId);
        Set<LocalDate> holidays = new HashSet<>();
        records.forEach(Actor.system(), Query.of(ServiceTypes.HOLIDAY).where(Filter.eq("calendar", calendarId)).limit(Query.MAX_LIMIT),
                holiday -> holidays.add((LocalDate) holiday.get("date")));
        return of(calendar.getValues(), holidays);
    }

    /**
     * A calendar from its field values.
     *
     * @throws IllegalArgumentException naming the field that cannot be read ({@code timeZone}, {@code monday}, ...)
     */
    public static BusinessCalendar of(Map<String, Object> values, Set<LocalDate> holidays) {
        ZoneId zone;
        try {
            zone = ZoneId.of(String.valueOf(values.get("timeZone")));
        } catch (DateTimeException e) {
            throw new InvalidCalendarField("timeZone", "'" + values.get("timeZone") + "' is not a time zone such as Europe/Berlin");
        }
        Map<DayOfWeek, List<Shift>> week = new EnumMap<>(DayOfWeek.class);
        for (int i = 0; i < ServiceTypes.WEEKDAY_FIELDS.size(); i++) {
            String field = ServiceTypes.WEEKDAY_FIELDS.get(i);
            try {
                week.put(DayOfWeek.of(i + 1), Shift.parseDay((String) values.get(field)));
            } catch (IllegalArgumentException e) {
                throw new InvalidCalendarField(field, e.getMessage());
            }
        }
        return new BusinessCalendar(zone, week, holidays);
    }

    /** A field of a calendar that does not read as a time zone or as shifts. */
    public static final class InvalidCalendarField extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String field;

        InvalidCalendarField(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
