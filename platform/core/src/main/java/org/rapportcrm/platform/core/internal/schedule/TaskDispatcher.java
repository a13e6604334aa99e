package org.rapportcrm.platform.core.internal.schedule;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.rapportcrm.platform.api.schedule.Recurrence;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.core.internal.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one db-scheduler task of the platform: runs a due instance by handing it to the handler its id names, and turns
 * what the handler says (or throws) into the instance's next state. db-scheduler never loads a capability's class.
 */
final class TaskDispatcher implements FailureHandler<TaskData> {
    private static final Logger LOG = LoggerFactory.getLogger(TaskDispatcher.class);
    /** The first wait for a missing handler; it doubles up to the configured maximum. */
    private static final Duration FIRST_HANDLER_WAIT = Duration.ofSeconds(5);

    private final HandlerRegistry handlers;
    private final Database database;
    private final FailedTasks failed;
    private final ClusterScheduler.Config config;

    TaskDispatcher(HandlerRegistry handlers, Database database, FailedTasks failed, ClusterScheduler.Config config) {
        this.handlers = handlers;
        this.database = database;
        this.failed = failed;
        this.config = config;
    }

    CompletionHandler<TaskData> execute(TaskInstance<TaskData> instance, ExecutionContext context) {
        TaskKey key = TaskKey.parse(instance.getId());
        TaskData data = instance.getData() == null ? TaskData.of(Map.of()) : instance.getData();
        Optional<ScheduledTaskHandler> found = handlers.find(key.handler());
        if (found.isEmpty()) {
            Duration wait = handlerWait(data.handlerWaits());
            if (handlers.reportMissing(key.handler())) {
                LOG.info("No task handler '{}' on this node (its capability is not installed or not started): its tasks wait, "
                        + "the first until {}", key.handler(), Instant.now().plus(wait));
            }
            return (complete, ops) -> ops.reschedule(complete, complete.getTimeDone().plus(wait), data.waitedForHandler());
        }
        ScheduledTaskHandler handler = found.get();
        TaskOutcome outcome;
        try {
            outcome = handler.run(new Run(key.instanceId(), data.data(), context.getExecution().consecutiveFailures + 1,
                    context.getExecution().executionTime, context));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e); // db-scheduler's handlers throw no checked exceptions
        }
        if (outcome == null) {
            throw new IllegalStateException("Handler " + key.handler() + " returned no outcome");
        }
        return (complete, ops) -> completed(key, data, handler, outcome, complete, ops);
    }

    private void completed(TaskKey key, TaskData data, ScheduledTaskHandler handler, TaskOutcome outcome, ExecutionComplete complete,
            ExecutionOperations<TaskData> ops) {
        switch (outcome.kind()) {
            case DONE -> {
                Optional<Instant> next = nextRecurrence(key, handler, complete);
                if (next.isPresent()) {
                    ops.reschedule(complete, next.get(), data.ran());
                } else {
                    ops.remove();
                }
            }
            case RUN_AGAIN -> ops.reschedule(complete, outcome.at(), outcome.data() == null ? data.ran() : data.withData(outcome.data()));
            case FAILED -> {
                LOG.warn("Task {} failed: {}", key, outcome.reason());
                giveUp(key, data, handler, complete, ops, complete.getExecution().consecutiveFailures + 1, outcome.reason());
            }
        }
    }

    /** A handler threw: retry with a doubling delay, or give up after the last allowed attempt. */
    @Override
    public void onFailure(ExecutionComplete complete, ExecutionOperations<TaskData> ops) {
        TaskKey key = TaskKey.parse(complete.getExecution().taskInstance.getId());
        TaskData data = (TaskData) complete.getExecution().taskInstance.getData();
        data = data == null ? TaskData.of(Map.of()) : data;
        Throwable cause = complete.getCause().orElse(null);
        String error = cause == null ? "unknown" : cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
        int failures = complete.getExecution().consecutiveFailures + 1;
        if (failures < config.maxAttempts()) {
            Duration delay = Duration.ofSeconds(config.retryDelaySeconds()).multipliedBy(1L << Math.min(20, failures - 1));
            Instant retry = complete.getTimeDone().plus(delay);
            LOG.warn("Task {} failed (attempt {} of {}), retrying at {}: {}", key, failures, config.maxAttempts(), retry, error);
            ops.reschedule(complete, retry, data.failed(error));
        } else {
            LOG.error("Task {} failed {} times, the last allowed attempt", key, failures, cause);
            giveUp(key, data, handlers.find(key.handler()).orElse(null), complete, ops, failures, error);
        }
    }

    /**
     * A one-time instance is moved to the failed tasks in one transaction (kept, never half-moved); a recurring one
     * keeps its error and waits for its next due time, since the next run may well succeed.
     */
    private void giveUp(TaskKey key, TaskData data, ScheduledTaskHandler handler, ExecutionComplete complete, ExecutionOperations<TaskData> ops,
            int failures, String error) {
        Optional<Instant> next = handler == null ? Optional.empty() : nextRecurrence(key, handler, complete);
        if (next.isPresent()) {
            ops.reschedule(complete, next.get(), data.failed(error));
            return;
        }
        byte[] stored = new TaskData.JsonSerializer().serialize(data.failed(error));
        database.inTransaction(c -> {
            failed.keep(c, key, stored, failures, error);
            ops.remove();
            return null;
        });
    }

    private Optional<Instant> nextRecurrence(TaskKey key, ScheduledTaskHandler handler, ExecutionComplete complete) {
        if (!TaskScheduler.RECURRING_INSTANCE.equals(key.instanceId())) {
            return Optional.empty();
        }
        return schedule(handler).map(s -> s.getNextExecutionTime(complete));
    }

    /** The handler's recurrence as db-scheduler's schedule; empty if it declares none or one that cannot be read. */
    static Optional<Schedule> schedule(ScheduledTaskHandler handler) {
        Optional<Recurrence> recurrence = handler.recurrence();
        if (recurrence.isEmpty()) {
            return Optional.empty();
        }
        Recurrence r = recurrence.get();
        try {
            return Optional.of(r.interval() != null ? Schedules.fixedDelay(r.interval()) : Schedules.cron(r.cronExpression(), r.zone()));
        } catch (RuntimeException e) {
            LOG.error("Task handler {} declares a recurrence that cannot be read ({}): {}", handler.name(), r, e.getMessage());
            return Optional.empty();
        }
    }

    private Duration handlerWait(int waitsBefore) {
        Duration max = Duration.ofSeconds(config.missingHandlerMaxWaitSeconds());
        Duration wait = FIRST_HANDLER_WAIT.multipliedBy(1L << Math.min(20, waitsBefore));
        return wait.compareTo(max) > 0 ? max : wait;
    }

    private record Run(String instanceId, Map<String, Object> data, int attempt, Instant dueTime, ExecutionContext context) implements TaskRun {
        @Override
        public boolean stopRequested() {
            return context.getSchedulerState().isShuttingDown();
        }
    }
}
