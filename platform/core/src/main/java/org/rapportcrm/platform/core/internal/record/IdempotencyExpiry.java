package org.rapportcrm.platform.core.internal.record;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.IdempotentRequests;
import org.rapportcrm.platform.api.schedule.Recurrence;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forgets idempotency keys older than their retention, once an hour on one node of the cluster. */
@Component
public class IdempotencyExpiry implements ScheduledTaskHandler {
    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyExpiry.class);
    private final IdempotentRequests requests;

    @Activate
    public IdempotencyExpiry(@Reference IdempotentRequests requests) {
        this.requests = requests;
    }

    @Override
    public String name() {
        return "rapport.idempotency-expiry";
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        int expired = requests.expire(Instant.now().minus(IdempotentRequests.RETENTION));
        LOG.debug("Expired {} idempotency keys", expired);
        return TaskOutcome.done();
    }

    @Override
    public Optional<Recurrence> recurrence() {
        return Optional.of(Recurrence.every(Duration.ofHours(1)));
    }
}
