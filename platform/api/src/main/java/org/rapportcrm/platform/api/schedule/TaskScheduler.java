package org.rapportcrm.platform.api.schedule;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Schedules one-time task instances for {@link ScheduledTaskHandler}s, durably, in the database.
 *
 * <p>A task instance is named by its handler's name and an instance id that the caller chooses, usually a business
 * key ({@code case-123}), so the same instance can later be rescheduled or cancelled without remembering anything.
 * Its data is a small map of plain JSON values (strings, numbers, booleans, null, lists and maps of them), at most
 * {@link #MAX_DATA_BYTES} as JSON; the handler gets it back with numbers as {@code Integer}, {@code Long} or
 * {@code Double}.
 *
 * <p>Called on a thread inside the platform's transaction ({@code RecordService.inTransaction}, or a record trigger
 * during a create or update), every method joins that transaction: what it schedules or cancels commits with the
 * records or not at all, and a rollback leaves no task behind.
 *
 * <p>Execution is at-least-once: an instance running on a node that dies is run again from the start by another node
 * (within about 15 s with the default settings). Handlers must be idempotent or resume from a checkpoint.
 */
@ProviderType
public interface TaskScheduler {
    /** The largest task data, in bytes of JSON. */
    int MAX_DATA_BYTES = 8192;

    /** The instance id under which a handler's {@link ScheduledTaskHandler#recurrence() recurrence} runs. */
    String RECURRING_INSTANCE = "recurring";

    /**
     * Schedules the instance to run at {@code due} (now or in the past: as soon as possible) with {@code data}. If the
     * instance is already waiting, or was kept as failed, it is replaced: the new time and data count, the failures
     * start again from zero.
     *
     * @throws TaskRunningException if the instance is running at this moment (nothing changes)
     * @throws IllegalArgumentException for a handler name or instance id that is empty or too long, or data that is
     *     not plain JSON values or larger than {@link #MAX_DATA_BYTES}
     */
    void schedule(String handler, String instanceId, Instant due, Map<String, ?> data);

    /**
     * Schedules the instance unless it exists (waiting, running or kept as failed), which is then left as it is.
     *
     * @return true if it was scheduled now
     * @throws IllegalArgumentException as {@link #schedule}
     */
    boolean scheduleIfAbsent(String handler, String instanceId, Instant due, Map<String, ?> data);

    /**
     * Schedules like {@link #schedule}, but the write waits for the end of the current transaction and is made there,
     * just before the commit, with the others of that transaction in a few batched statements: for work scheduled per
     * record while many records are written at once (a trigger during an import). An instance running at that moment
     * is left as it is instead of failing the transaction, so its run must check the records it serves as they are
     * then. Outside a transaction the instance is scheduled at once. Until the commit, {@link #status} does not show it.
     *
     * @throws IllegalArgumentException as {@link #schedule}, at once
     * @since 1.2
     */
    default void scheduleAtCommit(String handler, String instanceId, Instant due, Map<String, ?> data) {
        try {
            schedule(handler, instanceId, due, data);
        } catch (TaskRunningException e) {
            // Left as it is, as documented: the running instance sees the records as they are.
        }
    }

    /**
     * Cancels like {@link #cancel}, at the end of the current transaction with the others of it (see
     * {@link #scheduleAtCommit}); an instance that is absent or running then is left as it is.
     *
     * @since 1.2
     */
    default void cancelAtCommit(String handler, String instanceId) {
        try {
            cancel(handler, instanceId);
        } catch (TaskRunningException e) {
            // Left as it is, as documented.
        }
    }

    /**
     * Moves a waiting instance to {@code due}, keeping its data.
     *
     * @return false if no such instance is waiting (it is absent, or kept as failed)
     * @throws TaskRunningException if the instance is running at this moment
     */
    boolean reschedule(String handler, String instanceId, Instant due);

    /**
     * Removes a waiting instance, or one kept as failed.
     *
     * @return false if there was no such instance
     * @throws TaskRunningException if the instance is running at this moment
     */
    boolean cancel(String handler, String instanceId);

    /** The instance's state and when it is due, if it exists. */
    Optional<TaskStatus> status(String handler, String instanceId);

    /** Whether this node's scheduler is started and runs due tasks (for health checks). */
    boolean isRunning();
}
