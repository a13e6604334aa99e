package org.rapportcrm.service.internal.sla;

import java.time.Instant;

/** How a case's SLA clocks move when they pause and resume. */
public final class SlaClocks {
    private SlaClocks() {
    }

    /**
     * The due time of a clock that was paused at {@code pausedAt} (the case went to Waiting on customer) and runs again
     * from {@code resumedAt}: the working time that was left at the pause, counted from the resumption. A clock already
     * past due when it paused keeps its due time (it stays breached).
     */
    public static Instant resumed(BusinessTime time, Instant due, Instant pausedAt, Instant resumedAt) {
        if (!due.isAfter(pausedAt)) {
            return due;
        }
        return time.add(resumedAt, time.between(pausedAt, due));
    }
}
