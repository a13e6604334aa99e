package org.rapportcrm.marketing.campaigns.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.api.Consents;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;

/**
 * What recipients do with a campaign message, by the token of their copy: open it, click a link, unsubscribe, or
 * (their server, for them) bounce it or complain. Each is recorded as a campaign response; the first open and click
 * and every unsubscribe also as a completed activity on the contact, so the contact's timeline shows them. Unsubscribes,
 * hard bounces and complaints suppress the address for every later send, and an unsubscribe or complaint withdraws the
 * campaign's consent purpose in the ledger.
 */
@Component(service = CampaignResponses.class)
public class CampaignResponses {
    private final RecordService records;
    private final MetadataService metadata;
    private final Consents consents;
    private final RecipientStore store;
    private final SoftBounceRetries retries;
    private final Clock clock;

    @Activate
    public CampaignResponses(@Reference RecordService records, @Reference MetadataService metadata, @Reference Consents consents,
            @Reference RecipientStore store, @Reference SoftBounceRetries retries) {
        this(records, metadata, consents, store, retries, Clock.systemUTC());
    }

    CampaignResponses(RecordService records, MetadataService metadata, Consents consents, RecipientStore store, SoftBounceRetries retries,
            Clock clock) {
        this.records = records;
        this.metadata = metadata;
        this.consents = consents;
        this.store = store;
        this.retries = retries;
        this.clock = clock;
    }

    /** The recipient of a token, or null if it is not one of ours. */
    RecipientStore.Recipient recipient(String token) {
        return token == null || !token.matches("[A-Za-z0-9_-]{16}") ? null : store.byTokenHash(RecipientTokens.hash(token));
    }

    boolean opened(String token) {
        RecipientStore.Recipient r = recipient(token);
        if (r == null) {
            return false;
        }
        records.inTransaction(() -> respond(r, RecipientStore.OPENED, null, true));
        return true;
    }

    void clicked(String token, String url) {
        RecipientStore.Recipient r = recipient(token);
        if (r != null) {
            records.inTransaction(() -> respond(r, RecipientStore.CLICKED, url, true));
        }
    }

    /** One-click unsubscribe (RFC 8058), the page's button, or a mail to the mailto address: idempotent. */
    boolean unsubscribed(String token, String how) {
        RecipientStore.Recipient r = recipient(token);
        if (r == null) {
            return false;
        }
        records.inTransaction(() -> {
            if (store.suppress(r.email(), RecipientStore.UNSUBSCRIBED, r.contactId(), clock.instant())) {
                withdraw(r, how);
                respond(r, RecipientStore.UNSUBSCRIBE, null, true);
            }
            return null;
        });
        return true;
    }

    /**
     * A delivery status notification about the recipient's message: a permanent failure, or a temporary one that the
     * recipient's server either still retries ({@code gaveUp} false: a delay, only counted) or gave up on (sent again
     * later by the {@link SoftBounceRetries}).
     */
    void bounced(RecipientStore.Recipient r, boolean permanent, boolean gaveUp, String status) {
        records.inTransaction(() -> {
            if (permanent) {
                store.markBounced(r.campaignId(), r.contactId(), RecipientStore.HARD_BOUNCE + " " + (status == null ? "" : status));
                store.suppress(r.email(), RecipientStore.HARD_BOUNCE, r.contactId(), clock.instant());
            } else {
                store.respond(r.campaignId(), r.contactId(), RecipientStore.SOFT_BOUNCE, status, clock.instant());
                if (gaveUp) {
                    retries.gaveUp(r, store.countSoftBounce(r.campaignId(), r.contactId()), status);
                }
            }
            return null;
        });
    }

    /** An abuse report (ARF): the recipient called it spam. */
    void complained(RecipientStore.Recipient r) {
        records.inTransaction(() -> {
            if (store.suppress(r.email(), RecipientStore.COMPLAINT, r.contactId(), clock.instant())) {
                withdraw(r, "complaint (abuse report)");
                respond(r, RecipientStore.UNSUBSCRIBE, null, false);
            }
            return null;
        });
    }

    private void withdraw(RecipientStore.Recipient r, String how) {
        Record campaign = campaign(r.campaignId());
        Object purpose = campaign == null ? null : campaign.get("consentPurpose");
        if (purpose != null && consents.allowed(purpose.toString(), Marketing.EMAIL, List.of(r.contactId())).contains(r.contactId())) {
            consents.record(Actor.system(), new Consents.ConsentRequest(r.contactId(), purpose.toString(), Marketing.EMAIL, false,
                    "Campaign " + campaign.get("name") + ": " + how, null));
        }
    }

    private Object respond(RecipientStore.Recipient r, String kind, String url, boolean activity) {
        Instant now = clock.instant();
        boolean first = store.respond(r.campaignId(), r.contactId(), kind, url, now);
        if (activity && first && metadata.type("activity").isPresent()) {
            Record campaign = campaign(r.campaignId());
            Map<String, Object> values = new HashMap<>();
            values.put("subject", kind + ": " + (campaign == null ? "campaign" : campaign.get("name")));
            values.put("activityType", "Email");
            values.put("status", "Completed");
            values.put("completedAt", now);
            values.put("contact", r.contactId());
            values.put("description", url == null ? null : "Link: " + url);
            try {
                records.create(Actor.system(), "activity", values);
            } catch (RecordException e) {
                // The contact was deleted meanwhile: the campaign response is kept regardless.
            }
        }
        return null;
    }

    private Record campaign(String id) {
        try {
            return records.get(Actor.system(), CampaignTypes.CAMPAIGN, id);
        } catch (RecordException e) {
            return null;
        }
    }
}
