package ${package}.internal;

import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordChangeListener;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears committed changes of ${recordType}s (on a thread of its own, after the transaction) and marks the urgent ones
 * as escalated. The update it makes changes only {@code escalated}, so its own event does not trigger it again.
 */
@Component
public class ${recordTypeClass}Escalator implements RecordChangeListener {
    private static final Logger LOG = LoggerFactory.getLogger(${recordTypeClass}Escalator.class);
    private final RecordService records;

    @Activate
    public ${recordTypeClass}Escalator(@Reference RecordService records) {
        this.records = records;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(${recordTypeClass}Types.TYPE);
    }

    @Override
    public void onChange(RecordChange change) {
        if (!${recordTypeClass}Rules.needsEscalation(change)) {
            return;
        }
        // Decide on the record as it is now: it may have changed again since this event was published.
        Record current = records.get(Actor.system(), ${recordTypeClass}Types.TYPE, change.record().getId());
        if (!${recordTypeClass}Rules.isEscalationDue(current)) {
            return;
        }
        try {
            records.update(Actor.system(), ${recordTypeClass}Types.TYPE, current.getId(), current.getVersion(), Map.of("escalated", true));
            LOG.info("Escalated ${recordType} {} ({})", current.getId(), current.get("subject"));
        } catch (StaleVersionException e) {
            LOG.debug("${recordTypeClass} {} changed while being escalated; its next change is judged again", current.getId());
        }
    }
}
