package org.rapportcrm.platform.mail.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.schedule.TaskStatus;

/** Keeps scheduled tasks with their due time; the test runs each waiting task of a handler once, on its own thread. */
final class TestScheduler implements TaskScheduler {
    record Task(Instant due, Map<String, Object> data) {
    }

    private final Map<String, Task> waiting = new LinkedHashMap<>();

    @Override
    public synchronized void schedule(String handler, String instanceId, Instant due, Map<String, ?> data) {
        waiting.put(handler + "/" + instanceId, new Task(due, new HashMap<>(data)));
    }

    @Override
    public synchronized boolean scheduleIfAbsent(String handler, String instanceId, Instant due, Map<String, ?> data) {
        if (waiting.containsKey(handler + "/" + instanceId)) {
            return false;
        }
        schedule(handler, instanceId, due, data);
        return true;
    }

    @Override
    public synchronized boolean reschedule(String handler, String instanceId, Instant due) {
        Task t = waiting.get(handler + "/" + instanceId);
        if (t == null) {
            return false;
        }
        waiting.put(handler + "/" + instanceId, new Task(due, t.data()));
        return true;
    }

    @Override
    public synchronized boolean cancel(String handler, String instanceId) {
        return waiting.remove(handler + "/" + instanceId) != null;
    }

    @Override
    public synchronized Optional<TaskStatus> status(String handler, String instanceId) {
        Task t = waiting.get(handler + "/" + instanceId);
        return t == null ? Optional.empty() : Optional.of(new TaskStatus(handler, instanceId, TaskStatus.State.WAITING, t.due(), 0, null));
    }

    @Override
    public boolean isRunning() {
        return true;
    }

    /** Runs every waiting instance of the handler once (due or not); those it runs again stay with their new due time. */
    List<TaskOutcome> runOnce(ScheduledTaskHandler handler) throws Exception {
        List<Map.Entry<String, Task>> mine;
        synchronized (this) {
            mine = new ArrayList<>(waiting.entrySet().stream().filter(e -> e.getKey().startsWith(handler.name() + "/")).toList());
            mine.forEach(e -> waiting.remove(e.getKey()));
        }
        List<TaskOutcome> outcomes = new ArrayList<>();
        for (Map.Entry<String, Task> e : mine) {
            String id = e.getKey().substring(handler.name().length() + 1);
            TaskOutcome outcome = handler.run(TaskRun.of(id, e.getValue().data(), 1, e.getValue().due()));
            outcomes.add(outcome);
            if (outcome.kind() == TaskOutcome.Kind.RUN_AGAIN) {
                synchronized (this) {
                    waiting.putIfAbsent(e.getKey(), new Task(outcome.at(), outcome.data() == null ? e.getValue().data() : new HashMap<>(outcome.data())));
                }
            }
        }
        return outcomes;
    }

    synchronized int waiting(String handler) {
        return (int) waiting.keySet().stream().filter(k -> k.startsWith(handler + "/")).count();
    }
}
