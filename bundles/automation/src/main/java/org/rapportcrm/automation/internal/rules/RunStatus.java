package org.rapportcrm.automation.internal.rules;

import java.util.Arrays;
import java.util.List;

/** Where a rule run stands. */
enum RunStatus {
    DONE("Done"),
    RETRYING("Retrying"),
    FAILED("Failed"),
    SKIPPED("Skipped");

    final String label;

    RunStatus(String label) {
        this.label = label;
    }

    static List<String> labels() {
        return Arrays.stream(values()).map(s -> s.label).toList();
    }
}
