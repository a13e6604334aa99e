package org.rapportcrm.marketing.journeys.internal;

import java.time.Duration;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.schedule.Recurrence;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;

/**
 * The journeys' heartbeat on the clustered scheduler: every few seconds, on one node of the cluster, new contacts are
 * enrolled and due steps taken ({@link JourneyEngine#pass}). Everything it needs is in the database, so a restart or
 * another node goes on where the last pass stopped.
 */
// Its settings are the engine's (designated by JourneyEngine).
@Component(service = ScheduledTaskHandler.class, configurationPid = JourneyConfig.PID)
public class JourneyPass implements ScheduledTaskHandler {
    static final String NAME = "marketing.journeys";
    private final JourneyEngine engine;
    private final Duration every;
    private final int perPass;

    @Activate
    public JourneyPass(@Reference JourneyEngine engine, JourneyConfig config) {
        this.engine = engine;
        this.every = Duration.ofSeconds(Math.max(1, config.passSeconds()));
        this.perPass = Math.max(1, config.enrolmentsPerPass());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Recurrence> recurrence() {
        return Optional.of(Recurrence.every(every));
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        engine.pass(perPass);
        return TaskOutcome.done();
    }
}
