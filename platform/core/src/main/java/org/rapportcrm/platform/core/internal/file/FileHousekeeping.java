package org.rapportcrm.platform.core.internal.file;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.schedule.Recurrence;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drops the bytes of uploads a crash cut short, once an hour on one node of the cluster. */
@Component
public class FileHousekeeping implements ScheduledTaskHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FileHousekeeping.class);
    /** Longer than any upload takes. */
    static final Duration ABANDONED_AFTER = Duration.ofDays(1);
    private final FileContents contents;

    @Activate
    public FileHousekeeping(@Reference FileContents contents) {
        this.contents = contents;
    }

    @Override
    public String name() {
        return "rapport.files.housekeeping";
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        int dropped = contents.database().dropAbandoned(Instant.now().minus(ABANDONED_AFTER));
        if (dropped > 0) {
            LOG.info("Dropped the content of {} uploads cut short more than a day ago", dropped);
        }
        return TaskOutcome.done();
    }

    @Override
    public Optional<Recurrence> recurrence() {
        return Optional.of(Recurrence.every(Duration.ofHours(1)));
    }
}
