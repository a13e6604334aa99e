package org.rapportcrm.platform.core.internal.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.outbox.Outbox;
import org.rapportcrm.platform.api.schedule.Recurrence;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.core.internal.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes outbox entries older than the retention, once an hour on one node of the cluster. */
@Component
public class OutboxRetention implements ScheduledTaskHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRetention.class);
    private final Database database;
    private final OutboxStore store;

    @Activate
    public OutboxRetention(@Reference Database database) {
        this.database = database;
        this.store = new OutboxStore(database.dialect());
    }

    @Override
    public String name() {
        return "rapport.outbox-retention";
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        expire(Instant.now().minus(Outbox.RETENTION));
        return TaskOutcome.done();
    }

    /** Deletes the entries made before {@code cutoff}; returns how many. */
    public int expire(Instant cutoff) {
        int deleted = database.inTransaction(c -> store.deleteOlderThan(c, cutoff));
        LOG.debug("Deleted {} outbox entries older than {}", deleted, cutoff);
        return deleted;
    }

    @Override
    public Optional<Recurrence> recurrence() {
        return Optional.of(Recurrence.every(Duration.ofHours(1)));
    }
}
