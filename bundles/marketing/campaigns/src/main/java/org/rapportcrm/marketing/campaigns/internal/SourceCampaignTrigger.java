package org.rapportcrm.marketing.campaigns.internal;

import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.security.Actor;

/**
 * An opportunity made from a lead (sales' conversion sets its {@code lead}) keeps the campaign that brought the lead as
 * its own {@code sourceCampaign}, unless it was given one. Marketing reads the lead through the record service, so it
 * needs nothing of sales but the field names of its types.
 */
@Component
public class SourceCampaignTrigger implements RecordTrigger {
    private final RecordService records;

    @Activate
    public SourceCampaignTrigger(@Reference RecordService records) {
        this.records = records;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of("opportunity");
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        Object lead = after.get("lead");
        if (before != null || lead == null || after.get(CampaignTypes.SOURCE_CAMPAIGN) != null) {
            return;
        }
        try {
            Object campaign = records.get(Actor.system(), "lead", lead.toString()).get(CampaignTypes.SOURCE_CAMPAIGN);
            if (campaign != null) {
                after.put(CampaignTypes.SOURCE_CAMPAIGN, campaign);
            }
        } catch (RecordException e) {
            // No such lead: the reference is refused by the validation that follows; nothing to hand on.
        }
    }
}
