package org.rapportcrm.marketing.campaigns.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.mail.RenderedMail;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;

/**
 * What a marketer does with a campaign: send it (now or at its send time), cancel it, preview it for a contact, and
 * read its figures. Each acts as the caller, so only who may change (or read) the campaign may do it.
 */
@Component(service = Campaigns.class)
public class Campaigns {
    private final RecordService records;
    private final TaskScheduler scheduler;
    private final MailService mail;
    private final RecipientStore store;
    private final AbTests abTests;
    private final Clock clock;

    @Activate
    public Campaigns(@Reference RecordService records, @Reference TaskScheduler scheduler, @Reference MailService mail,
            @Reference RecipientStore store, @Reference AbTests abTests) {
        this(records, scheduler, mail, store, abTests, Clock.systemUTC());
    }

    Campaigns(RecordService records, TaskScheduler scheduler, MailService mail, RecipientStore store, AbTests abTests, Clock clock) {
        this.records = records;
        this.scheduler = scheduler;
        this.mail = mail;
        this.store = store;
        this.abTests = abTests;
        this.clock = clock;
    }

    /**
     * Schedules the send at the campaign's send time (now if it has none or it is past).
     *
     * @throws RestException 422 naming {@code template} or {@code segments} if they are missing or unknown (for an A/B
     *     campaign, one with variants: {@code variants}, {@code testShare} or {@code testWindow}, see {@link AbTests#check}),
     *     409 naming {@code status} if the campaign is not a draft or scheduled
     */
    Record send(Actor actor, String campaignId) {
        return records.inTransaction(() -> {
            Record campaign = records.get(actor, CampaignTypes.CAMPAIGN, campaignId);
            String status = String.valueOf(campaign.get("status"));
            if (!CampaignTypes.DRAFT.equals(status) && !CampaignTypes.SCHEDULED.equals(status)) {
                throw new RestException(409, "status", "A campaign that is " + status + " cannot be sent (again)");
            }
            List<Record> variants = abTests.variants(campaignId);
            if (!variants.isEmpty() || campaign.get("testShare") != null) {
                abTests.check(campaign, variants);
            } else if (campaign.get("template") == null) {
                throw new RestException(422, "template", "template: choose the e-mail template to send");
            }
            List<String> segments = CampaignSender.segmentIds(campaign);
            if (segments.isEmpty()) {
                throw new RestException(422, "segments", "segments: choose at least one segment");
            }
            for (String segmentId : segments) {
                try {
                    records.get(actor, Marketing.SEGMENT, segmentId);
                } catch (RecordException e) {
                    throw new RestException(422, "segments", "segments: no segment " + segmentId);
                }
            }
            Instant sendAt = (Instant) campaign.get("sendAt");
            Instant now = clock.instant();
            boolean later = sendAt != null && sendAt.isAfter(now);
            Record updated = changeStatus(actor, campaign, later ? CampaignTypes.SCHEDULED : CampaignTypes.SENDING);
            scheduler.schedule(CampaignSender.NAME, campaignId, later ? sendAt : now, Map.of());
            return updated;
        });
    }

    /** Stops a scheduled or sending campaign: messages already queued go, the rest do not. */
    Record cancel(Actor actor, String campaignId) {
        return records.inTransaction(() -> {
            Record campaign = records.get(actor, CampaignTypes.CAMPAIGN, campaignId);
            String status = String.valueOf(campaign.get("status"));
            if (CampaignTypes.SENT.equals(status) || CampaignTypes.CANCELLED.equals(status)) {
                throw new RestException(409, "status", "A campaign that is " + status + " cannot be cancelled");
            }
            return changeStatus(actor, campaign, CampaignTypes.CANCELLED);
        });
    }

    /**
     * The status only the actions change (see {@link CampaignLifecycle}): an update without changes checks that the actor
     * may edit the campaign, as it is now, then the platform sets the status.
     */
    private Record changeStatus(Actor actor, Record campaign, String status) {
        Record current = records.update(actor, CampaignTypes.CAMPAIGN, campaign.getId(), campaign.getVersion(), Map.of());
        return records.update(Actor.system(), CampaignTypes.CAMPAIGN, current.getId(), current.getVersion(), Map.of("status", status));
    }

    /** The campaign's content as {@code contactId} would receive it (without the per-recipient links). */
    RenderedMail preview(Actor actor, String campaignId, String contactId) {
        Record campaign = records.get(actor, CampaignTypes.CAMPAIGN, campaignId);
        if (campaign.get("template") == null) {
            throw new RestException(422, "template", "template: choose the e-mail template first");
        }
        Record contact;
        try {
            contact = records.get(actor, "contact", contactId);
        } catch (RecordException e) {
            throw new RestException(422, "contactId", "contactId: no contact " + contactId);
        }
        return mail.render(campaign.get("template").toString(), contact, actor);
    }

    /**
     * Sent, delivered, bounced, opened, clicked, unsubscribed and suppressed, as numbers of recipients; held are an A/B
     * campaign's recipients waiting for the split or the winner.
     */
    Map<String, Object> stats(Actor actor, String campaignId) {
        Record campaign = records.get(actor, CampaignTypes.CAMPAIGN, campaignId);
        Map<String, Long> raw = store.stats(campaignId);
        long bounced = raw.getOrDefault(RecipientStore.BOUNCED, 0L);
        long sent = raw.getOrDefault(RecipientStore.QUEUED, 0L) + bounced;
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("status", campaign.get("status"));
        stats.put("pending", raw.getOrDefault(RecipientStore.PENDING, 0L));
        stats.put("held", raw.getOrDefault(RecipientStore.HELD, 0L));
        stats.put("suppressed", raw.getOrDefault(RecipientStore.SUPPRESSED, 0L));
        stats.put("sent", sent);
        stats.put("delivered", sent - bounced);
        stats.put("bounced", bounced);
        stats.put("softBounced", raw.getOrDefault(RecipientStore.SOFT_BOUNCE, 0L));
        stats.put("opened", raw.getOrDefault(RecipientStore.OPENED, 0L));
        stats.put("clicked", raw.getOrDefault(RecipientStore.CLICKED, 0L));
        stats.put("unsubscribed", raw.getOrDefault(RecipientStore.UNSUBSCRIBE, 0L));
        return stats;
    }
}
