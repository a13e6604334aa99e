package ${package}.internal;

import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.record.Record;

/** The business rule of this extension, free of OSGi so that a plain unit test covers it. */
final class ${recordTypeClass}Rules {
    static final String ESCALATING_PRIORITY = "High";
    static final String CLOSED = "Closed";

    private ${recordTypeClass}Rules() {
    }

    /** A ${recordType} is escalated when it is created with, or raised to, high priority while open and not yet escalated. */
    static boolean needsEscalation(RecordChange change) {
        if (!change.recordType().equals(${recordTypeClass}Types.TYPE) || change.kind().equals(RecordEvents.DELETED)) {
            return false;
        }
        boolean priorityChanged = change.kind().equals(RecordEvents.CREATED) || change.changedFields().contains("priority");
        return priorityChanged && isEscalationDue(change.record());
    }

    static boolean isEscalationDue(Record r) {
        return ESCALATING_PRIORITY.equals(r.get("priority")) && !CLOSED.equals(r.get("status")) && !Boolean.TRUE.equals(r.get("escalated"));
    }
}
