package org.rapportcrm.sync.dav.internal;

import biweekly.ICalendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sync.delta.api.ChangeFeed;

/**
 * A user's calendars: "My activities", the meetings, calls and tasks they own (and may read), and their teams' and
 * saved views' activities, as iCalendar objects (see {@link ActivityCalendarObjects}); events and tasks share a
 * collection, which vdirsyncer, DAVx5 and Thunderbird cope with. An activity given to someone else leaves "My
 * activities" as a deletion.
 */
@Component(service = ActivityCalendar.class)
public class ActivityCalendar extends DavCollection<ICalendar> {

    @Activate
    public ActivityCalendar(@Reference RecordService records, @Reference ItemNames names, @Reference ChangeFeed feed,
            @Reference SharedScopes shared) {
        super(DavPath.Area.CALENDAR, records, names, feed, shared);
    }

    @Override
    String recordType() {
        return ActivityCalendarObjects.TYPE;
    }

    @Override
    DavScope own(Actor actor) {
        return new DavScope(DavPath.Area.CALENDAR.collectionSegment, "My activities", Filter.and(Filter.eq("owner", actor.userId()), items()),
                r -> actor.userId().equals(r.getOwner()) && isItem(r), true);
    }

    /** Tasks, and meetings and calls with a time. */
    @Override
    Filter items() {
        return Filter.or(Filter.eq("activityType", ActivityCalendarObjects.TASK),
                Filter.and(Filter.in("activityType", List.of(ActivityCalendarObjects.MEETING, ActivityCalendarObjects.CALL)),
                        Filter.isNotEmpty("dueAt")));
    }

    @Override
    boolean isItem(Record activity) {
        return ActivityCalendarObjects.isCalendarItem(activity);
    }

    @Override
    ICalendar parse(String text) {
        return ActivityCalendarObjects.parse(text);
    }

    @Override
    String uid(ICalendar item) {
        return ActivityCalendarObjects.uid(item);
    }

    @Override
    Map<String, Object> fields(ICalendar item, Record existing) {
        return ActivityCalendarObjects.fields(item, existing);
    }

    @Override
    Map<String, String> render(Actor actor, List<Member> members, String version) {
        Map<String, String> objects = new LinkedHashMap<>();
        members.forEach(m -> objects.put(m.name(), ActivityCalendarObjects.write(m.record(), m.uid())));
        return objects;
    }
}
