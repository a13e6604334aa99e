package org.rapportcrm.sales.internal.lead;

import java.util.Optional;
import org.rapportcrm.platform.api.record.Record;

/** An active, complete scoringRule: either a test of a lead field or points per activity of a type. */
record ScoringRule(String id, String name, boolean onActivity, String field, String operator, String value, String activityType,
        long points, Long halfLifeDays) {
    static final String EQUALS = "equals";
    static final String CONTAINS = "contains";
    static final String NOT_EMPTY = "not empty";

    /** The rule, unless it is inactive or lacks what it needs (a field, or an activity type), which makes it count for nothing. */
    static Optional<ScoringRule> active(Record r) {
        if (Boolean.FALSE.equals(r.get("active")) || !(r.get("points") instanceof Long points)) {
            return Optional.empty();
        }
        boolean onActivity = "Activity".equals(r.get("appliesTo"));
        String field = text(r.get("field"));
        String activityType = text(r.get("activityType"));
        if (onActivity ? activityType == null : field == null) {
            return Optional.empty();
        }
        String operator = r.get("operator") == null ? EQUALS : (String) r.get("operator");
        Long halfLife = r.get("halfLifeDays") instanceof Long h && h > 0 ? h : null;
        return Optional.of(new ScoringRule(r.getId(), (String) r.get("name"), onActivity, field, operator, text(r.get("value")),
                activityType, points, halfLife));
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s.strip() : null;
    }
}
