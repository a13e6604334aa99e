package org.rapportcrm.platform.core.internal.schedule;

import java.util.regex.Pattern;

/** A task instance's name in the API (handler and instance id) and in db-scheduler's table ("handler/instance id"). */
record TaskKey(String handler, String instanceId) {
    private static final Pattern HANDLER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    static final int MAX_INSTANCE_ID = 300;

    static TaskKey of(String handler, String instanceId) {
        if (handler == null || !HANDLER_NAME.matcher(handler).matches()) {
            throw new IllegalArgumentException("handler: '" + handler + "' is not a handler name (letters, digits, '.', '-', '_'; at most 100)");
        }
        if (instanceId == null || instanceId.isEmpty() || instanceId.length() > MAX_INSTANCE_ID || instanceId.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("instanceId: must be 1 to " + MAX_INSTANCE_ID + " characters without control characters");
        }
        return new TaskKey(handler, instanceId);
    }

    static boolean isHandlerName(String name) {
        return name != null && HANDLER_NAME.matcher(name).matches();
    }

    /** The handler's name cannot contain '/', so the first one separates it from the instance id. */
    static TaskKey parse(String stored) {
        int slash = stored.indexOf('/');
        return new TaskKey(stored.substring(0, slash), stored.substring(slash + 1));
    }

    String stored() {
        return handler + "/" + instanceId;
    }

    @Override
    public String toString() {
        return stored();
    }
}
