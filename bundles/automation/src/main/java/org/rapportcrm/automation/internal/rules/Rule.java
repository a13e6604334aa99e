package org.rapportcrm.automation.internal.rules;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rapportcrm.platform.api.query.RecordPredicate;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Role;

/**
 * A workflow rule as the engine runs it, read from its record.
 *
 * @param change for a field-changed rule with a from or to value, the test of the field's old and new value; null otherwise
 * @param condition the rule's filter, or null for none
 * @param conditionText the filter as written, or null
 * @param checks registered conditions that must all hold too
 * @param actions what it does, in order
 */
record Rule(String id, String name, String recordType, Trigger trigger, String field, RecordPredicate change,
        RecordPredicate condition, String conditionText, Long offsetMinutes, Long everyMinutes, String event, List<Step> checks, List<Step> actions,
        long order) {

    /** One action or condition of a rule, with the rule's settings for it. */
    record Step(String id, Map<String, Object> parameters) {
    }

    /**
     * Whom the rule acts as: the platform, under the rule's id and name, so the audit trail says which rule changed a
     * record and the engine recognises the changes its rules made (a rule's id is never a user's).
     */
    Actor actor() {
        String label = "Rule: " + name;
        return new Actor(id, label.length() > 100 ? label.substring(0, 100) : label, Set.of(Role.ADMIN), Set.of(), true, null);
    }

    /** Whether the rule fires for this record change, before its condition: its trigger and, if any, the field change. */
    boolean firesOn(String kind, Set<String> changedFields, Map<String, Object> values, Map<String, Object> previousValues) {
        return switch (trigger) {
            case CREATED -> kind.equals("CREATED");
            case UPDATED -> kind.equals("UPDATED");
            case CREATED_OR_UPDATED -> !kind.equals("DELETED");
            case DELETED -> kind.equals("DELETED");
            case FIELD_CHANGED -> (kind.equals("UPDATED") && changedFields.contains(field)
                    || kind.equals("CREATED") && values.get(field) != null) && (change == null || change.test(values, previousValues));
            default -> false;
        };
    }

    /** Whether the rule starts from the capability event of this trigger id. */
    boolean startsFrom(String eventTriggerId) {
        return trigger == Trigger.EVENT && eventTriggerId.equals(event);
    }

    boolean conditionHolds(Map<String, Object> values, Map<String, Object> previousValues) {
        return condition == null || condition.test(values, previousValues);
    }
}
