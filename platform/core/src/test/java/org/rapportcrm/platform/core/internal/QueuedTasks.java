package org.rapportcrm.platform.core.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.schedule.TaskStatus;

/**
 * A scheduler for unit tests that keeps what is scheduled until the test runs it ({@link #runAll}), on the test's
 * thread: the clustered scheduler itself has its own tests.
 */
public final class QueuedTasks implements TaskScheduler {
    public record Task(String handler, String instanceId, Map<String, Object> data, int attempt, Instant due) {
    }

    private final Deque<Task> waiting = new ArrayDeque<>();

    @Override
    public synchronized void schedule(String handler, String instanceId, Instant due, Map<String, ?> data) {
        waiting.removeIf(t -> t.handler().equals(handler) && t.instanceId().equals(instanceId));
        waiting.add(new Task(handler, instanceId, new HashMap<>(data), 1, due));
    }

    @Override
    public synchronized boolean scheduleIfAbsent(String handler, String instanceId, Instant due, Map<String, ?> data) {
        if (waiting.stream().anyMatch(t -> t.handler().equals(handler) && t.instanceId().equals(instanceId))) {
            return false;
        }
        schedule(handler, instanceId, due, data);
        return true;
    }

    @Override
    public synchronized boolean reschedule(String handler, String instanceId, Instant due) {
        return waiting.stream().anyMatch(t -> t.handler().equals(handler) && t.instanceId().equals(instanceId));
    }

    @Override
    public synchronized boolean cancel(String handler, String instanceId) {
        return waiting.removeIf(t -> t.handler().equals(handler) && t.instanceId().equals(instanceId));
    }

    @Override
    public Optional<TaskStatus> status(String handler, String instanceId) {
        return Optional.empty();
    }

    @Override
    public boolean isRunning() {
        return true;
    }

    public synchronized int size() {
        return waiting.size();
    }

    /**
     * Runs the waiting tasks of {@code handler}, and what they schedule again, until none is left; a task that throws is
     * run again as the scheduler would retry it. @return the outcomes in order
     */
    public java.util.List<TaskOutcome> runAll(ScheduledTaskHandler handler) {
        return runDue(handler, Instant.MAX);
    }

    /**
     * As {@link #runAll}, but only the tasks due at {@code now} (a test's moved clock), and what they schedule again for
     * then or earlier: a task due later stays waiting.
     */
    public java.util.List<TaskOutcome> runDue(ScheduledTaskHandler handler, Instant now) {
        java.util.List<TaskOutcome> outcomes = new java.util.ArrayList<>();
        for (int runs = 0; runs < 1000; runs++) {
            Task task;
            synchronized (this) {
                task = waiting.stream().filter(t -> t.handler().equals(handler.name()) && !t.due().isAfter(now)).findFirst().orElse(null);
                if (task == null) {
                    return outcomes;
                }
                waiting.remove(task);
            }
            try {
                TaskOutcome outcome = handler.run(TaskRun.of(task.instanceId(), task.data(), task.attempt(), Instant.now()));
                outcomes.add(outcome);
                if (outcome.kind() == TaskOutcome.Kind.RUN_AGAIN) {
                    synchronized (this) {
                        waiting.add(new Task(task.handler(), task.instanceId(),
                                outcome.data() == null ? task.data() : new HashMap<>(outcome.data()), 1, outcome.at()));
                    }
                }
            } catch (Exception e) {
                synchronized (this) {
                    waiting.add(new Task(task.handler(), task.instanceId(), task.data(), task.attempt() + 1, task.due()));
                }
            }
        }
        throw new AssertionError("Tasks of " + handler.name() + " did not finish within 1000 runs");
    }
}
