package org.rapportcrm.marketing.campaigns.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.api.Consents;
import org.rapportcrm.marketing.api.JourneyMails;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Journeys' e-mails, contact by contact, through the campaign sender's own path (see {@link JourneyMails}): a journey
 * step's campaign is a campaign like any other, sending from the start, whose outbox rows are written one at a time as
 * contacts reach the step. The outbox's key (campaign, contact) is what makes a repeated step mail no one twice.
 */
@Component(service = JourneyMails.class)
public class JourneySends implements JourneyMails {
    private final RecordService records;
    private final CampaignSender sender;
    private final RecipientStore store;
    private final Consents consents;

    @Activate
    public JourneySends(@Reference RecordService records, @Reference CampaignSender sender, @Reference RecipientStore store,
            @Reference Consents consents) {
        this.records = records;
        this.sender = sender;
        this.store = store;
        this.consents = consents;
    }

    @Override
    public String openCampaign(String name, String templateId, String consentPurposeId) {
        Map<String, Object> values = new HashMap<>();
        values.put("name", name.length() > 200 ? name.substring(0, 200) : name);
        values.put("template", templateId);
        values.put("status", CampaignTypes.SENDING);
        values.put("description", "The e-mails of a journey step, sent as contacts reach it.");
        if (consentPurposeId != null) {
            values.put("consentPurpose", consentPurposeId);
        }
        return records.create(Actor.system(), CampaignTypes.CAMPAIGN, values).getId();
    }

    @Override
    public Outcome send(String campaignId, String contactId) {
        return records.inTransaction(() -> {
            Record campaign;
            try {
                campaign = records.get(Actor.system(), CampaignTypes.CAMPAIGN, campaignId);
            } catch (RecordNotFoundException e) {
                return Outcome.SUPPRESSED;
            }
            String state = sender.sendOne(campaign, contactId);
            return state == null ? Outcome.ALREADY_SENT : RecipientStore.QUEUED.equals(state) ? Outcome.QUEUED : Outcome.SUPPRESSED;
        });
    }

    @Override
    public Set<String> responses(String campaignId, String contactId) {
        return store.responses(campaignId, contactId);
    }

    @Override
    public String unreachable(String contactId, String consentPurposeId) {
        Record contact;
        try {
            contact = records.get(Actor.system(), "contact", contactId);
        } catch (RecordNotFoundException e) {
            return "Contact deleted";
        }
        Object email = contact.get("email");
        if (email != null) {
            String suppressed = store.suppressions(List.of(email.toString())).get(RecipientStore.normalise(email.toString()));
            if (suppressed != null) {
                return suppressed;
            }
        }
        if (consentPurposeId != null && consents.allowed(consentPurposeId, Marketing.EMAIL, Set.of(contactId)).isEmpty()) {
            return RecipientStore.NO_CONSENT;
        }
        return null;
    }
}
