package org.rapportcrm.prm.internal.leads;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.security.SharingRule;
import org.rapportcrm.prm.api.Partners;

/**
 * A partner's users see the offers made to their account, and only those. The lead itself is shared once accepted,
 * through its own partner account (PRM's lead sharing), and no longer once the offer is recalled.
 */
@Component(service = SharingRule.class)
public class LeadOfferSharing implements SharingRule {
    @Override
    public String recordType() {
        return LeadOffers.TYPE;
    }

    @Override
    public List<String> pathToAccount() {
        return List.of(Partners.PARTNER_ACCOUNT);
    }
}
