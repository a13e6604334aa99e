package org.rapportcrm.loyalty.internal;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.automation.AutomationAction;
import org.rapportcrm.platform.api.automation.AutomationContext;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.record.Record;

/** Lets automation rules award points: to the contact the triggering record is, or the one it refers to. */
@Component
public class AwardPointsAction implements AutomationAction {
    private final LoyaltyLedger ledger;

    @Activate
    public AwardPointsAction(@Reference LoyaltyLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public String id() {
        return "loyalty.award-points";
    }

    @Override
    public String label() {
        return "Award loyalty points";
    }

    @Override
    public List<FieldDefinition> parameters() {
        return List.of(FieldDefinition.builder("points", FieldType.INTEGER).label("Points").required(true).build(),
                FieldDefinition.builder("reason", FieldType.TEXT).label("Reason").required(true).build());
    }

    @Override
    public void execute(AutomationContext context) {
        Record record = context.trigger().record();
        Object contact = record.getType().equals("contact") ? record.getId() : record.get("contact");
        if (contact == null) {
            throw new IllegalArgumentException(record.getType() + " " + record.getId() + " names no contact to award points to");
        }
        ledger.adjust(context.actor(), contact, context.parameters().get("points"), context.parameters().get("reason"), "Automation");
    }
}
