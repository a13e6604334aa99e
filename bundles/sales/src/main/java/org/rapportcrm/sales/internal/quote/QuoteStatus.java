package org.rapportcrm.sales.internal.quote;

import java.util.Set;

/** The quote statuses the rules care about. A decided or replaced quote is a document of record: it stays as it was. */
final class QuoteStatus {
    static final String DRAFT = "Draft";
    static final String SUPERSEDED = "Superseded";
    static final Set<String> FROZEN = Set.of("Accepted", "Rejected", SUPERSEDED);

    private QuoteStatus() {
    }

    static boolean isFrozen(Object status) {
        return status instanceof String s && FROZEN.contains(s);
    }
}
