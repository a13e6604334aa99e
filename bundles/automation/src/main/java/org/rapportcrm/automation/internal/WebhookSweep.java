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

/** Once a minute, on one node: no pending delivery is left without a retry to send it. */
@Component
public class WebhookSweep implements ScheduledTaskHandler {
    private final Deliveries deliveries;

    @Activate
    public WebhookSweep(@Reference Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    @Override
    public String name() {
        return "automation.webhook-sweep";
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        deliveries.sweep();
        return TaskOutcome.done();
    }

    @Override
    public Optional<Recurrence> recurrence() {
        return Optional.of(Recurrence.every(Duration.ofMinutes(1)));
    }
}
