package org.rapportcrm.sales.internal.lead;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.rapportcrm.platform.api.record.Record;

/**
 * An active assignmentRule as the assignment reads it. Matching ignores case; a rule that names both a user and a
 * team assigns to the user.
 */
record AssignmentRule(String id, long version, String name, String matchField, Set<String> matchValues, String assignToUser,
        String assignToTeam, String lastAssignedUser) {

    /** The rule, unless it is inactive. */
    static Optional<AssignmentRule> active(Record r) {
        if (Boolean.FALSE.equals(r.get("active"))) {
            return Optional.empty();
        }
        Set<String> values = WebForm.commaSeparated((String) r.get("matchValues")).stream()
                .map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return Optional.of(new AssignmentRule(r.getId(), r.getVersion(), (String) r.get("name"), (String) r.get("matchField"), values,
                blankToNull(r.get("assignToUser")), blankToNull(r.get("assignToTeam")), blankToNull(r.get("lastAssignedUser"))));
    }

    boolean matches(Record lead) {
        String field = matchField() == null ? "Any" : matchField();
        return switch (field) {
            case "Any" -> true;
            case "Source" -> isOneOfValues(lead.get("source"));
            case "Country" -> isOneOfValues(lead.get("country"));
            default -> false;
        };
    }

    private boolean isOneOfValues(Object value) {
        return value instanceof String s && matchValues.contains(s.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * Round robin: the first member whose id sorts after the last one assigned, wrapping around. Going by id order
     * rather than by position keeps the rotation fair when members join or leave.
     */
    static String nextInRotation(List<String> sortedMemberIds, String lastAssigned) {
        if (lastAssigned != null) {
            for (String id : sortedMemberIds) {
                if (id.compareTo(lastAssigned) > 0) {
                    return id;
                }
            }
        }
        return sortedMemberIds.get(0);
    }

    private static String blankToNull(Object value) {
        return value instanceof String s && !s.isBlank() ? s.strip() : null;
    }
}
