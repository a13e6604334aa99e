package org.rapportcrm.platform.api.schedule;

import java.time.Instant;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** One run of a task instance, as its handler sees it. */
@ProviderType
public interface TaskRun {
    String instanceId();

    /** The data it was scheduled with, or the checkpoint the previous run returned. */
    Map<String, Object> data();

    /** 1 for the first try, 2 for the first retry after a failure, and so on. */
    int attempt();

    /** When it was due (a late start means the cluster was busy or down). */
    Instant dueTime();

    /**
     * True once the node is shutting down: a long-running handler should commit what it has and return
     * {@link TaskOutcome#runAgainAt} now, so another node (or this one, after its restart) goes on from there.
     */
    boolean stopRequested();

    /** A run to hand to a handler in its unit tests. */
    static TaskRun of(String instanceId, Map<String, Object> data, int attempt, Instant dueTime) {
        return new TaskRun() {
            @Override
            public String instanceId() {
                return instanceId;
            }

            @Override
            public Map<String, Object> data() {
                return data;
            }

            @Override
            public int attempt() {
                return attempt;
            }

            @Override
            public Instant dueTime() {
                return dueTime;
            }

            @Override
            public boolean stopRequested() {
                return false;
            }
        };
    }
}
