package org.rapportcrm.bench.probe.internal;

import java.util.Arrays;
import java.util.Optional;

/** How much of {@code rec_contact} the scratch table copies: leaner shapes show where the insert cost goes. */
enum ScratchShape {
    /** Its columns, generated lower-case columns and indexes. */
    FULL("full"),
    /** Without its indexes but the primary key. */
    NO_SECONDARY_INDEXES("noSecondaryIndexes"),
    /** Also without the generated columns. */
    PLAIN("plain");

    /** The name in the {@code shape} query parameter and in the answers. */
    final String parameter;

    ScratchShape(String parameter) {
        this.parameter = parameter;
    }

    boolean hasSecondaryIndexes() {
        return this == FULL;
    }

    boolean hasGeneratedColumns() {
        return this != PLAIN;
    }

    static Optional<ScratchShape> of(String parameter) {
        return Arrays.stream(values()).filter(s -> s.parameter.equals(parameter)).findFirst();
    }
}
