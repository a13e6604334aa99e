package org.rapportcrm.automation.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;

/** Retries one subscription's waiting deliveries of one record, in order, on the clustered scheduler. */
@Component
public class WebhookRetries implements ScheduledTaskHandler {
    private final Deliveries deliveries;

    @Activate
    public WebhookRetries(@Reference Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    @Override
    public String name() {
        return Deliveries.RETRY;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        return deliveries.retry(run.instanceId()).map(TaskOutcome::runAgainAt).orElse(TaskOutcome.done());
    }
}
