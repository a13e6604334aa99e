package org.rapportcrm.automation.internal.rules;

import java.util.Map;
import java.util.Set;
import org.rapportcrm.platform.api.record.Record;

/**
 * What made a rule run on one record.
 *
 * @param runKey names this firing once: the same firing given again (a repeated outbox batch or task run) finds its run
 * @param cause a line for people ("Record updated by Alice", "Date reached: closeDate 2026-12-05")
 * @param kind the record change's kind; {@code UPDATED} for a date, a schedule or a capability's event
 * @param depth how many rule changes led to this one (loop protection)
 */
record Firing(String runKey, String cause, String kind, Record record, String actorId, Set<String> changedFields,
        Map<String, Object> previousValues, String event, Map<String, Object> eventData, int depth) {

    /** A firing that is not a record change: a date reached, a schedule, a capability's event. */
    static Firing of(String runKey, String cause, Record record, String event, Map<String, Object> eventData) {
        return new Firing(runKey, cause, "UPDATED", record, null, Set.of(), Map.of(), event, eventData, 0);
    }
}
