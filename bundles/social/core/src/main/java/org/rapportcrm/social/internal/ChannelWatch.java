package org.rapportcrm.social.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.schedule.Recurrence;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskRunningException;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.schedule.TaskStatus;

/**
 * Makes sure every enabled channel has its listening task. Its first run after the bundle starts (an install, an
 * upgrade, a reinstall) also moves waiting channel tasks to now: while the capability was away the scheduler backed
 * them off for minutes, and listening should resume at once. It also gives posts stored before the listening
 * dashboard existed their day and keyword, a few hundred per run.
 */
@Component
public class ChannelWatch implements ScheduledTaskHandler {
    static final String NAME = "social.channels";
    /** Posts from before the listening dashboard completed per run (its day and keyword), until none is left. */
    private static final int OLDER_POSTS_PER_RUN = 500;
    private final ChannelStore channels;
    private final TaskScheduler scheduler;
    private final PostIngest ingest;
    private volatile boolean resumed;
    private volatile boolean olderPostsComplete;

    @Activate
    public ChannelWatch(@Reference ChannelStore channels, @Reference TaskScheduler scheduler, @Reference PostIngest ingest) {
        this.channels = channels;
        this.scheduler = scheduler;
        this.ingest = ingest;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Recurrence> recurrence() {
        return Optional.of(Recurrence.every(Duration.ofSeconds(10)));
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        Instant now = Instant.now();
        for (Record channel : channels.enabledChannels()) {
            Optional<TaskStatus> status = scheduler.status(ChannelListener.NAME, channel.getId());
            try {
                if (status.isEmpty() || status.get().state() == TaskStatus.State.FAILED) {
                    scheduler.schedule(ChannelListener.NAME, channel.getId(), now, Map.of());
                } else if (!resumed && status.get().state() == TaskStatus.State.WAITING && status.get().due().isAfter(now)) {
                    scheduler.reschedule(ChannelListener.NAME, channel.getId(), now);
                }
            } catch (TaskRunningException e) {
                // listening right now
            }
        }
        resumed = true;
        if (!olderPostsComplete) {
            olderPostsComplete = ingest.completeOlderPosts(OLDER_POSTS_PER_RUN) < OLDER_POSTS_PER_RUN;
        }
        return TaskOutcome.done();
    }
}
