package org.rapportcrm.loyalty.internal;

import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordChangeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the loyalty rules to committed changes of activities and opportunities. */
@Component(configurationPid = LoyaltyConfig.PID)
@Designate(ocd = LoyaltyConfig.class)
public class PointsAwarder implements RecordChangeListener {
    private static final Logger LOG = LoggerFactory.getLogger(PointsAwarder.class);
    private final LoyaltyRules rules;
    private final LoyaltyLedger ledger;

    @Activate
    public PointsAwarder(@Reference LoyaltyLedger ledger, LoyaltyConfig config) {
        this.ledger = ledger;
        this.rules = new LoyaltyRules(config);
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of("activity", "opportunity");
    }

    @Override
    public void onChange(RecordChange change) {
        rules.awardFor(change).ifPresent(award -> {
            if (ledger.award(award)) {
                LOG.debug("Awarded {} points to contact {} for {}", award.points(), award.contactId(), award.sourceKey());
            }
        });
    }
}
