package org.rapportcrm.service.internal.sla;

import java.time.Duration;
import java.time.Instant;

/**
 * When a case's clock is due: its target in working time from the clock's start, plus the working time the case spent
 * waiting on the customer meanwhile (the clock pauses then). Counting the pause in working time means a wait over a
 * weekend costs only the working hours it covered.
 */
public final class SlaClocks {
    private SlaClocks() {
    }

    public static Instant due(BusinessTime time, Instant start, Duration target, Duration paused) {
        return time.add(start, target.plus(paused));
    }
}
