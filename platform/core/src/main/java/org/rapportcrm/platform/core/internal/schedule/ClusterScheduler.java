package org.rapportcrm.platform.core.internal.schedule;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerClient.ScheduleOptions;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.event.SchedulerListener.SchedulerEventType;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskRunningException;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.schedule.TaskStatus;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.db.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's clustered scheduler: db-scheduler on Rapport's database, with one generic task whose instances name
 * their handler. Every node runs one; a due instance runs on exactly one node, and one held by a node that stopped
 * heartbeating ({@code heartbeatSeconds} x {@code missedHeartbeats}) is run again by another.
 */
@Component(service = TaskScheduler.class, configurationPid = ClusterScheduler.PID)
@Designate(ocd = ClusterScheduler.Config.class)
public class ClusterScheduler implements TaskScheduler {
    public static final String PID = "org.rapportcrm.scheduler";
    static final String TASK = "rapport";
    static final String TABLE = "rapport_scheduled_tasks";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterScheduler.class);

    @ObjectClassDefinition(name = "Rapport scheduler", description = "The clustered scheduler every capability's background work runs on")
    public @interface Config {
        @AttributeDefinition(description = "Seconds between a node's heartbeats for the tasks it runs")
        int heartbeatSeconds() default 3;

        @AttributeDefinition(description = "Missed heartbeats after which a node's running tasks are taken over by another node")
        int missedHeartbeats() default 4;

        @AttributeDefinition(description = "Tasks run at once on this node")
        int threads() default 10;

        @AttributeDefinition(description = "Seconds between looks for due tasks, so at most how late a task starts (a task scheduled on this node for now starts at once)")
        int pollingIntervalSeconds() default 1;

        @AttributeDefinition(description = "Seconds a stop waits for running tasks before leaving them to be taken over")
        int shutdownMaxWaitSeconds() default 10;

        @AttributeDefinition(description = "Attempts of a task whose handler throws, before it is kept as failed")
        int maxAttempts() default 5;

        @AttributeDefinition(description = "Seconds before the first retry of a failed task; each further retry waits twice as long")
        int retryDelaySeconds() default 30;

        @AttributeDefinition(description = "Longest wait, in seconds, between retries of a task whose handler is not installed")
        int missingHandlerMaxWaitSeconds() default 300;

        @AttributeDefinition(description = "This node's name in the task table; empty for the Karaf instance name (karaf.name)")
        String nodeName() default "";
    }

    private final Database database;
    private final FailedTasks failed = new FailedTasks();
    private final HandlerRegistry handlers = new HandlerRegistry(this::planRecurrence);
    private final CustomTask<TaskData> task;
    private final Scheduler scheduler;

    @Activate
    public ClusterScheduler(@Reference Database database, Config config) {
        this.database = database;
        TaskDispatcher dispatcher = new TaskDispatcher(handlers, database, failed, config);
        this.task = Tasks.custom(TASK, TaskData.class).onFailure(dispatcher).execute(dispatcher::execute);
        SchedulerBuilder builder = Scheduler.create(database.joiningDataSource(), task)
                .tableName(TABLE)
                .serializer(new TaskData.JsonSerializer())
                .schedulerName(new SchedulerName.Fixed(nodeName(config)))
                .threads(config.threads())
                .pollingInterval(Duration.ofSeconds(config.pollingIntervalSeconds()))
                .heartbeatInterval(Duration.ofSeconds(config.heartbeatSeconds()))
                .missedHeartbeatsLimit(config.missedHeartbeats())
                .shutdownMaxWait(Duration.ofSeconds(config.shutdownMaxWaitSeconds()))
                // The dispatcher logs failures itself, once and with the task's name.
                .failureLogging(LogLevel.DEBUG, false)
                .addSchedulerListener(new AbstractSchedulerListener() {
                    @Override
                    public void onSchedulerEvent(SchedulerEventType type) {
                        // On the scheduler's housekeeping thread, never DS's. Heartbeats are updated only while a task
                        // runs; the search for dead executions happens on an idle node too, so a fresh one takes its
                        // handlers up (and plans their recurrences) without waiting for some task to run first.
                        if (type == SchedulerEventType.RAN_UPDATE_HEARTBEATS || type == SchedulerEventType.RAN_DETECT_DEAD) {
                            handlers.resolvePending();
                        }
                    }
                });
        if (database.dialect() == Dialect.POSTGRESQL) {
            builder.pollUsingLockAndFetch(0.5, 3.0); // FOR UPDATE SKIP LOCKED: measured ~2x the default's burst rate
        } else {
            builder.jdbcCustomization(new UtcTimestamps()); // Derby's TIMESTAMP has no zone
        }
        this.scheduler = builder.build();
    }

    /** Starts after DS has bound the handlers already there, so their due tasks do not wait for them. */
    @Activate
    void start() {
        scheduler.start();
        LOG.info("Scheduler started");
    }

    /** Waits at most shutdownMaxWaitSeconds for running tasks; long ones see stopRequested() and checkpoint. */
    @Deactivate
    void stop() {
        scheduler.stop();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addHandler(ComponentServiceObjects<ScheduledTaskHandler> handler) {
        handlers.add(handler);
    }

    void removeHandler(ComponentServiceObjects<ScheduledTaskHandler> handler) {
        handlers.remove(handler);
    }

    /** For tests and embedders: a handler object, known at once. */
    public void addHandler(ScheduledTaskHandler handler) {
        handlers.add(handler);
    }

    public void removeHandler(ScheduledTaskHandler handler) {
        handlers.remove(handler);
    }

    @Override
    public void schedule(String handler, String instanceId, Instant due, Map<String, ?> data) {
        TaskKey key = TaskKey.of(handler, instanceId);
        TaskInstance<TaskData> instance = task.instance(key.stored(), TaskData.of(data));
        database.inTransaction(c -> {
            failed.remove(c, key);
            try {
                scheduler.schedule(instance, due, ScheduleOptions.WHEN_EXISTS_RESCHEDULE);
            } catch (TaskInstanceCurrentlyExecutingException e) {
                throw new TaskRunningException(handler, instanceId);
            }
            return null;
        });
        wakeIfDue(due);
    }

    @Override
    public boolean scheduleIfAbsent(String handler, String instanceId, Instant due, Map<String, ?> data) {
        TaskKey key = TaskKey.of(handler, instanceId);
        TaskInstance<TaskData> instance = task.instance(key.stored(), TaskData.of(data));
        boolean scheduled = database.inTransaction(c -> failed.find(c, key).isEmpty() && scheduler.scheduleIfNotExists(instance, due));
        if (scheduled) {
            wakeIfDue(due);
        }
        return scheduled;
    }

    @Override
    public void scheduleAtCommit(String handler, String instanceId, Instant due, Map<String, ?> data) {
        TaskKey key = TaskKey.of(handler, instanceId);
        TaskData taskData = TaskData.of(data);
        if (database.isInTransaction()) {
            atCommit().schedule(key, due, taskData);
        } else {
            TaskScheduler.super.scheduleAtCommit(handler, instanceId, due, data);
        }
    }

    @Override
    public void cancelAtCommit(String handler, String instanceId) {
        TaskKey key = TaskKey.of(handler, instanceId);
        if (database.isInTransaction()) {
            atCommit().cancel(key);
        } else {
            TaskScheduler.super.cancelAtCommit(handler, instanceId);
        }
    }

    /** The current transaction's requests for its commit, written by work added to it the first time. */
    private CommitBatch atCommit() {
        CommitBatch batch = database.transactionState(this, CommitBatch::new);
        if (batch.isEmpty()) {
            // Written and emptied just before the commit; requests made by other work at that moment get another turn.
            database.beforeCommit(c -> {
                write(c, batch);
                batch.clear();
                return null;
            });
        }
        return batch;
    }

    /**
     * Per chunk of instances: one query for which exist and run, one delete of their failure marks, one batched insert
     * of the new ones; an existing one is moved or cancelled by itself, one that runs is left as it is.
     */
    private void write(Connection c, CommitBatch batch) throws SQLException {
        Instant earliest = null;
        for (List<CommitBatch.Request> chunk : batch.chunks()) {
            Map<TaskKey, Boolean> existing = CommitBatch.existing(c, TABLE, TASK, chunk);
            failed.removeAll(c, chunk.stream().map(CommitBatch.Request::key).toList());
            List<SchedulableInstance<?>> fresh = new ArrayList<>();
            for (CommitBatch.Request r : chunk) {
                Boolean running = existing.get(r.key());
                if (Boolean.TRUE.equals(running)) {
                    continue;
                }
                try {
                    if (r.cancels()) {
                        if (running != null) {
                            scheduler.cancel(TaskInstanceId.of(TASK, r.key().stored()));
                        }
                        continue;
                    }
                    TaskInstance<TaskData> instance = task.instance(r.key().stored(), r.data());
                    if (running == null) {
                        fresh.add(SchedulableInstance.of(instance, r.due()));
                    } else {
                        scheduler.schedule(instance, r.due(), ScheduleOptions.WHEN_EXISTS_RESCHEDULE);
                    }
                } catch (TaskInstanceCurrentlyExecutingException | TaskInstanceNotFoundException e) {
                    continue; // picked or finished since the query: left as it is then
                }
                earliest = earliest == null || r.due().isBefore(earliest) ? r.due() : earliest;
            }
            if (!fresh.isEmpty()) {
                scheduler.scheduleBatch(fresh);
            }
        }
        if (earliest != null) {
            wakeIfDue(earliest);
        }
    }

    @Override
    public boolean reschedule(String handler, String instanceId, Instant due) {
        TaskKey key = TaskKey.of(handler, instanceId);
        try {
            boolean moved = scheduler.reschedule(TaskInstanceId.of(TASK, key.stored()), due);
            if (moved) {
                wakeIfDue(due);
            }
            return moved;
        } catch (TaskInstanceNotFoundException e) {
            return false;
        } catch (TaskInstanceCurrentlyExecutingException e) {
            throw new TaskRunningException(handler, instanceId);
        }
    }

    @Override
    public boolean cancel(String handler, String instanceId) {
        TaskKey key = TaskKey.of(handler, instanceId);
        return database.inTransaction(c -> {
            boolean wasFailed = failed.remove(c, key);
            try {
                scheduler.cancel(TaskInstanceId.of(TASK, key.stored()));
                return true;
            } catch (TaskInstanceNotFoundException e) {
                return wasFailed;
            } catch (TaskInstanceCurrentlyExecutingException e) {
                throw new TaskRunningException(handler, instanceId);
            }
        });
    }

    @Override
    public Optional<TaskStatus> status(String handler, String instanceId) {
        TaskKey key = TaskKey.of(handler, instanceId);
        Optional<ScheduledExecution<Object>> execution = scheduler.getScheduledExecution(TaskInstanceId.of(TASK, key.stored()));
        if (execution.isPresent()) {
            ScheduledExecution<Object> e = execution.get();
            TaskData data = (TaskData) e.getData();
            return Optional.of(new TaskStatus(handler, instanceId, e.isPicked() ? TaskStatus.State.RUNNING : TaskStatus.State.WAITING,
                    e.getExecutionTime(), e.getConsecutiveFailures(), data == null ? null : data.lastError()));
        }
        return database.read(c -> failed.find(c, key));
    }

    @Override
    public boolean isRunning() {
        return scheduler.getSchedulerState().isStarted() && !scheduler.getSchedulerState().isShuttingDown();
    }

    /** Schedules a newly known handler's recurring instance, or brings it forward if its recurrence became shorter. */
    private void planRecurrence(ScheduledTaskHandler handler) {
        TaskDispatcher.schedule(handler).ifPresent(schedule -> {
            Instant next = schedule.getNextExecutionTime(ExecutionComplete.simulatedSuccess(Instant.now()));
            if (!scheduleIfAbsent(handler.name(), RECURRING_INSTANCE, next, Map.of())) {
                status(handler.name(), RECURRING_INSTANCE).filter(s -> s.state() == TaskStatus.State.WAITING && s.due().isAfter(next))
                        .ifPresent(s -> reschedule(handler.name(), RECURRING_INSTANCE, next));
            }
            LOG.info("Task handler {} recurs {}", handler.name(), handler.recurrence().orElseThrow());
        });
    }

    /** Work scheduled for now starts at once instead of at the next poll (after the commit, so the poll sees it). */
    private void wakeIfDue(Instant due) {
        if (!due.isAfter(Instant.now())) {
            database.afterCommit(() -> {
                if (isRunning()) {
                    scheduler.triggerCheckForDueExecutions();
                }
            });
        }
    }

    private static String nodeName(Config config) {
        if (!config.nodeName().isBlank()) {
            return config.nodeName();
        }
        String karafName = System.getProperty("karaf.name");
        if (karafName != null && !karafName.isBlank()) {
            return karafName;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "rapport";
        }
    }
}
