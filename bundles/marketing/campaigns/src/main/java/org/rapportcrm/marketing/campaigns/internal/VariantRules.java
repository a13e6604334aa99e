package org.rapportcrm.marketing.campaigns.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.security.Actor;

/**
 * A campaign's A/B variants change only while the campaign is a draft or scheduled (what went out stays as it went
 * out), and the winner is the send's (or the winner action's) to mark, never set by hand.
 */
@Component(service = RecordValidator.class)
public class VariantRules implements RecordValidator {
    private static final Set<String> EDITABLE = Set.of(CampaignTypes.DRAFT, CampaignTypes.SCHEDULED);
    private final RecordService records;

    @Activate
    public VariantRules(@Reference RecordService records) {
        this.records = records;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(CampaignTypes.VARIANT);
    }

    @Override
    public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        if (actor.isSystem()) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        Object winner = after.get("winner");
        if (before == null ? Boolean.TRUE.equals(winner) : !Objects.equals(before.get("winner"), winner)) {
            errors.add(new FieldError("winner", "readOnly", "is chosen by the A/B test (POST /api/v1/campaigns/{id}/winner)"));
        }
        for (Object campaignId : before == null ? List.of(after.get("campaign")) : List.of(before.get("campaign"), after.get("campaign"))) {
            String status = status(campaignId);
            if (status != null && !EDITABLE.contains(status)) {
                errors.add(new FieldError("campaign", "readOnly", "the campaign is " + status + ": its variants stay as they went out"));
                break;
            }
        }
        return errors;
    }

    private String status(Object campaignId) {
        if (campaignId == null) {
            return null;
        }
        try {
            return String.valueOf(records.get(Actor.system(), CampaignTypes.CAMPAIGN, campaignId.toString()).get("status"));
        } catch (RecordNotFoundException e) {
            return null; // the reference check names it
        }
    }
}
