package org.rapportcrm.sync.dav.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.rapportcrm.platform.api.record.Record;
import org.w3c.dom.Element;

/**
 * The filter of an RFC 4791 calendar-query that Rapport applies: the component asked for (VEVENT or VTODO) and its
 * time-range. Deeper filters (prop-filter, text-match) are not applied: the answer is a superset, which clients accept.
 */
record CalendarQuery(String component, Instant start, Instant end) {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** Reads {@code <C:filter>} of a calendar-query; an absent filter or component matches everything. */
    static CalendarQuery of(Element query) throws DavXml.BadXml {
        Element calendar = DavXml.child(DavXml.child(query, DavXml.CALDAV, "filter"), DavXml.CALDAV, "comp-filter");
        Element component = DavXml.child(calendar, DavXml.CALDAV, "comp-filter");
        if (component == null) {
            return new CalendarQuery(null, null, null);
        }
        Element range = DavXml.child(component, DavXml.CALDAV, "time-range");
        return new CalendarQuery(component.getAttribute("name").toUpperCase(java.util.Locale.ROOT),
                range == null ? null : time(range, "start"), range == null ? null : time(range, "end"));
    }

    boolean test(Record activity) {
        return (component == null || component.equals(ActivityCalendarObjects.component(activity)))
                && ActivityCalendarObjects.overlaps(activity, start, end);
    }

    private static Instant time(Element range, String attribute) throws DavXml.BadXml {
        String value = range.getAttribute(attribute);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value, UTC).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new DavXml.BadXml("time-range " + attribute + " must be a UTC date-time such as 20261205T000000Z, not " + value);
        }
    }
}
