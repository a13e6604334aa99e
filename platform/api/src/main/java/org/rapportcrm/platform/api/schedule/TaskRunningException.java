package org.rapportcrm.platform.api.schedule;

/** The task instance is running right now, so it cannot be replaced, moved or cancelled; its handler decides what follows. */
public class TaskRunningException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public TaskRunningException(String handler, String instanceId) {
        super("Task " + handler + "/" + instanceId + " is running");
    }
}
