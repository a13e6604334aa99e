package org.rapportcrm.platform.api.schedule;

import java.time.Instant;

/**
 * Where a task instance stands. {@code due} is when it runs next (for a {@link State#FAILED} instance: when it failed
 * for the last time); {@code failures} counts its failed attempts in a row and {@code lastError} says why the last one
 * failed (null if none failed).
 */
public record TaskStatus(String handler, String instanceId, State state, Instant due, int failures, String lastError) {

    public enum State {
        /** Scheduled; runs at {@code due} (or is being retried then). */
        WAITING,
        /** Running on some node right now. */
        RUNNING,
        /** Gave up after its last allowed attempt, or its handler said it failed: kept until scheduled again or cancelled. */
        FAILED
    }
}
