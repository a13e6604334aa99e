package org.rapportcrm.platform.core.internal.health;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.health.HealthCheck;
import org.rapportcrm.platform.api.health.HealthStatus;
import org.rapportcrm.platform.api.schedule.TaskScheduler;

/** This node's scheduler runs: without it no import or capability task would run here. */
@Component
public class SchedulerHealth implements HealthCheck {
    private final TaskScheduler scheduler;

    @Activate
    public SchedulerHealth(@Reference TaskScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public String name() {
        return "scheduler";
    }

    @Override
    public HealthStatus check() {
        return scheduler.isRunning() ? HealthStatus.up("runs due tasks") : HealthStatus.down("the scheduler is not running on this node");
    }
}
