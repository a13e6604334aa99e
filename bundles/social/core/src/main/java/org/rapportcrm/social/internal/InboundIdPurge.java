package org.rapportcrm.social.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.Recurrence;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.webhook.StandardWebhooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets the webhook-ids of inbound webhook messages once a replay of them would be refused anyway, on one node of
 * the cluster every few minutes, a batch per transaction. A message is accepted while its timestamp is within
 * {@link StandardWebhooks#TOLERANCE} of the server's clock, before or after, so a replay can pass the timestamp check
 * up to twice that after the message arrived: ids are kept at least that long, whatever the setting says.
 */
// Its settings are the social capability's (designated by PostIngest).
@Component(service = {ScheduledTaskHandler.class, InboundIdPurge.class}, configurationPid = SocialConfig.PID)
public class InboundIdPurge implements ScheduledTaskHandler {
    static final String NAME = "social.inbound-id-purge";
    static final Duration SHORTEST_RETENTION = StandardWebhooks.TOLERANCE.multipliedBy(2);
    static final int BATCH = 500;
    private static final Duration EVERY = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(InboundIdPurge.class);
    private final RecordService records;
    private final Duration retention;
    private final Clock clock;

    @Activate
    public InboundIdPurge(@Reference RecordService records, SocialConfig config) {
        this(records, Duration.ofMinutes(config.inboundIdRetentionMinutes()), Clock.systemUTC());
    }

    InboundIdPurge(RecordService records, Duration retention, Clock clock) {
        this.records = records;
        this.retention = retention.compareTo(SHORTEST_RETENTION) < 0 ? SHORTEST_RETENTION : retention;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Recurrence> recurrence() {
        return Optional.of(Recurrence.every(EVERY));
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        int purged = 0;
        int batch;
        do {
            batch = purgeBatch();
            purged += batch;
        } while (batch == BATCH && !run.stopRequested());
        LOG.debug("Forgot {} inbound webhook ids older than {}", purged, retention);
        return TaskOutcome.done();
    }

    /** Deletes up to {@link #BATCH} of the oldest ids past the retention, in one transaction; returns how many. */
    int purgeBatch() {
        Query expired = Query.of(SocialTypes.INBOUND_MESSAGE).where(Filter.lt("createdAt", clock.instant().minus(retention)))
                .sortBy("createdAt", false).limit(BATCH);
        return records.inTransaction(() -> {
            List<Record> old = records.query(Actor.system(), expired).items();
            old.forEach(message -> records.delete(Actor.system(), SocialTypes.INBOUND_MESSAGE, message.getId(), message.getVersion()));
            return old.size();
        });
    }
}
