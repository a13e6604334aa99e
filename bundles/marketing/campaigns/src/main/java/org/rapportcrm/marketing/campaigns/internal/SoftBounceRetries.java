package org.rapportcrm.marketing.campaigns.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Soft bounces the recipient's server gave up on (a full mailbox, a server down for days): the message is sent again
 * after a while, a few times, by a clustered task per recipient, so the retry survives restarts and runs once; after
 * the last one the recipient counts as bounced for the campaign. The address is not suppressed: a soft bounce says
 * nothing lasting about it.
 */
// Its settings are the campaigns' (designated by CampaignSender).
@Component(service = {ScheduledTaskHandler.class, SoftBounceRetries.class}, configurationPid = CampaignConfig.PID)
public class SoftBounceRetries implements ScheduledTaskHandler {
    static final String NAME = "marketing.campaign-resend";
    private final RecordService records;
    private final TaskScheduler scheduler;
    private final CampaignSender sender;
    private final RecipientStore store;
    private final int retries;
    private final Duration delay;
    private final Clock clock;

    @Activate
    public SoftBounceRetries(@Reference RecordService records, @Reference TaskScheduler scheduler, @Reference CampaignSender sender,
            @Reference RecipientStore store, CampaignConfig config) {
        this(records, scheduler, sender, store, config.softBounceRetries(), Duration.ofMinutes(Math.max(1, config.softBounceRetryMinutes())),
                Clock.systemUTC());
    }

    SoftBounceRetries(RecordService records, TaskScheduler scheduler, CampaignSender sender, RecipientStore store, int retries, Duration delay,
            Clock clock) {
        this.records = records;
        this.scheduler = scheduler;
        this.sender = sender;
        this.store = store;
        this.retries = Math.max(0, retries);
        this.delay = delay;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** After the recipient's {@code softBounces}-th soft bounce that its server gave up on: a later try, or bounced. */
    void gaveUp(RecipientStore.Recipient recipient, int softBounces, String status) {
        if (softBounces <= retries) {
            scheduler.schedule(NAME, recipient.campaignId() + "|" + recipient.contactId(), clock.instant().plus(delay), Map.of());
        } else {
            store.markBounced(recipient.campaignId(), recipient.contactId(),
                    RecipientStore.SOFT_BOUNCE + " " + (status == null ? "" : status + " ") + softBounces + "x");
        }
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        String[] ids = run.instanceId().split("\\|", 2);
        Record campaign;
        try {
            campaign = records.get(Actor.system(), CampaignTypes.CAMPAIGN, ids[0]);
        } catch (RecordNotFoundException e) {
            return TaskOutcome.done();
        }
        if (!CampaignTypes.CANCELLED.equals(campaign.get("status"))) {
            sender.resend(campaign, ids[1]);
        }
        return TaskOutcome.done();
    }
}
