package org.rapportcrm.automation.internal.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** When a rule fires. */
enum Trigger {
    CREATED("Record created"),
    UPDATED("Record updated"),
    CREATED_OR_UPDATED("Record created or updated"),
    DELETED("Record deleted"),
    FIELD_CHANGED("Field changed"),
    DATE_REACHED("Date reached"),
    SCHEDULE("Schedule"),
    EVENT("Capability event");

    final String label;

    Trigger(String label) {
        this.label = label;
    }

    static List<String> labels() {
        return Arrays.stream(values()).map(t -> t.label).toList();
    }

    static Optional<Trigger> of(Object label) {
        return Arrays.stream(values()).filter(t -> t.label.equals(label)).findFirst();
    }

    /** Whether the rule fires on a record change itself (and so may test the values before it). */
    boolean onChange() {
        return this != SCHEDULE && this != EVENT && this != DATE_REACHED;
    }
}
