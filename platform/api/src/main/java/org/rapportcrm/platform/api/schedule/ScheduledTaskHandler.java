package org.rapportcrm.platform.api.schedule;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs the task instances scheduled under its {@link #name()}: register it as a DS component (a whiteboard service)
 * and the platform's scheduler calls it on one node of the cluster when an instance is due.
 *
 * <p>What {@link #run} returns decides what happens next ({@link TaskOutcome}). If it throws, the instance is retried
 * later with an exponential back-off, up to the configured number of attempts ({@code maxAttempts} in
 * {@code etc/org.rapportcrm.scheduler.cfg}); after that it is kept as {@link TaskStatus.State#FAILED}. While no handler
 * of the name is registered (its capability is being upgraded or was removed), its instances wait and are retried
 * with a back-off of at most a few minutes; none is lost.
 *
 * <p>A run may be repeated: if the node running it dies, another node runs it again from its last data. Make the work
 * idempotent, or return {@link TaskOutcome#runAgainAt(java.time.Instant, java.util.Map)} with a checkpoint after each
 * committed step. Runs happen on the scheduler's threads; call the record service with {@code Actor.system()} or the
 * user the data names.
 */
@ConsumerType
public interface ScheduledTaskHandler {
    /**
     * The handler's name, unique in the installation, prefixed with the capability's name
     * ({@code sales.rescore}): letters, digits, '.', '-' and '_', at most 100 characters.
     */
    String name();

    TaskOutcome run(TaskRun run) throws Exception;

    /**
     * A schedule on which the platform runs this handler by itself, under the instance id
     * {@link TaskScheduler#RECURRING_INSTANCE}, with empty data, exactly once per due time in the whole cluster: for
     * housekeeping such as expiring idempotency keys or nightly rescoring. Empty (the default) for none.
     */
    default Optional<Recurrence> recurrence() {
        return Optional.empty();
    }
}
