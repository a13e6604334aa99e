package org.rapportcrm.platform.api.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** What a handler's run says happens next to its task instance. */
public final class TaskOutcome {
    public enum Kind {
        /** Finished: the instance is removed (a recurring one waits for its next due time). */
        DONE,
        /** Run the instance again at {@link #at()}, with {@link #data()} if given (a checkpoint), else with the same data. */
        RUN_AGAIN,
        /** Give up without retrying: the instance is kept as failed with {@link #reason()}. */
        FAILED
    }

    private static final TaskOutcome DONE = new TaskOutcome(Kind.DONE, null, null, null);

    private final Kind kind;
    private final Instant at;
    private final Map<String, ?> data;
    private final String reason;

    private TaskOutcome(Kind kind, Instant at, Map<String, ?> data, String reason) {
        this.kind = kind;
        this.at = at;
        this.data = data;
        this.reason = reason;
    }

    public static TaskOutcome done() {
        return DONE;
    }

    public static TaskOutcome runAgainAt(Instant at) {
        return new TaskOutcome(Kind.RUN_AGAIN, Objects.requireNonNull(at, "at"), null, null);
    }

    /** Run again at {@code at} with new data, for example how far the work got: a checkpoint to resume from. */
    public static TaskOutcome runAgainAt(Instant at, Map<String, ?> checkpoint) {
        return new TaskOutcome(Kind.RUN_AGAIN, Objects.requireNonNull(at, "at"), Objects.requireNonNull(checkpoint, "checkpoint"), null);
    }

    public static TaskOutcome failed(String reason) {
        return new TaskOutcome(Kind.FAILED, null, null, Objects.requireNonNull(reason, "reason"));
    }

    /**
     * Waiting for something the work needs (another capability's data, a type that registers alongside): run again
     * {@code delay} from now, with the same data, until {@code deadline}; after it, give up as failed with
     * {@code reasonAtDeadline}.
     *
     * @since 1.1
     */
    public static TaskOutcome runAgainUntil(Instant deadline, Duration delay, String reasonAtDeadline) {
        Instant now = Instant.now();
        return now.isAfter(deadline) ? failed(reasonAtDeadline) : runAgainAt(now.plus(delay));
    }

    public Kind kind() {
        return kind;
    }

    /** For {@link Kind#RUN_AGAIN}: when. */
    public Instant at() {
        return at;
    }

    /** For {@link Kind#RUN_AGAIN}: the new data, or null to keep the data as it was. */
    public Map<String, ?> data() {
        return data;
    }

    /** For {@link Kind#FAILED}: why. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case DONE -> "done";
            case RUN_AGAIN -> "run again at " + at + (data == null ? "" : " with " + data);
            case FAILED -> "failed: " + reason;
        };
    }
}
