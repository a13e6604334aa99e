package org.rapportcrm.automation.internal;

import java.time.Duration;
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

/** Once an hour, on one node: the delivery log forgets deliveries done with for longer than its retention. */
@Component
public class WebhookRetention implements ScheduledTaskHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookRetention.class);
    private final Deliveries deliveries;

    @Activate
    public WebhookRetention(@Reference Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    @Override
    public String name() {
        return "automation.webhook-retention";
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        int deleted = deliveries.expire();
        LOG.debug("Deleted {} webhook deliveries past the retention", deleted);
        return TaskOutcome.done();
    }

    @Override
    public Optional<Recurrence> recurrence() {
        return Optional.of(Recurrence.every(Duration.ofHours(1)));
    }
}
