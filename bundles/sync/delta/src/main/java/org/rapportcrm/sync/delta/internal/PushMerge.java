package org.rapportcrm.sync.delta.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rapportcrm.platform.api.record.Change;

/**
 * Merges an offline update made on an old version into the record as it is now: fields nobody else changed since the
 * base version (or changed to the same value) are applied; fields both sides changed to different values are
 * conflicts, left as they are for the user to decide.
 *
 * @param apply the offline changes that can be applied
 * @param conflicts the fields both sides changed differently
 * @param base for each conflicting field, its value at the base version (as the history keeps it: text)
 * @param theirs for each conflicting field, its value now
 * @param yours for each conflicting field, the offline value
 */
record PushMerge(Map<String, Object> apply, List<String> conflicts, Map<String, Object> base, Map<String, Object> theirs,
        Map<String, Object> yours) {

    /**
     * @param current the record's field values now
     * @param history the record's audited changes, newest first (those at or below {@code baseVersion} are ignored)
     */
    static PushMerge of(long baseVersion, Map<String, Object> yourChanges, Map<String, Object> current, List<Change> history) {
        Map<String, Object> valueAtBase = new LinkedHashMap<>();
        for (Change c : history) {
            if (c.version() > baseVersion && c.field() != null) {
                valueAtBase.put(c.field(), c.oldValue()); // newest first: the oldest change after the base wins
            }
        }
        Map<String, Object> apply = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        Map<String, Object> base = new LinkedHashMap<>();
        Map<String, Object> theirs = new LinkedHashMap<>();
        Map<String, Object> yours = new LinkedHashMap<>();
        yourChanges.forEach((field, value) -> {
            if (valueAtBase.containsKey(field) && !same(current.get(field), value)) {
                conflicts.add(field);
                base.put(field, valueAtBase.get(field));
                theirs.put(field, current.get(field));
                yours.put(field, value);
            } else {
                apply.put(field, value);
            }
        });
        return new PushMerge(apply, conflicts, base, theirs, yours);
    }

    /** Equal as values, whatever their Java form (a JSON number and a BigDecimal, a date and its text). */
    static boolean same(Object a, Object b) {
        if (isEmpty(a) || isEmpty(b)) {
            return isEmpty(a) && isEmpty(b);
        }
        if (a instanceof Number && b instanceof Number) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        return Objects.equals(a.toString(), b.toString());
    }

    private static boolean isEmpty(Object v) {
        return v == null || v instanceof String s && s.isEmpty();
    }
}
