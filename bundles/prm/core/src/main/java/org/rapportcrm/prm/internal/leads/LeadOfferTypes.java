package org.rapportcrm.prm.internal.leads;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.prm.api.Partners;

/**
 * What lead distribution keeps: one offer per lead and partner it was offered to, with the routing's reasons, written by
 * the capability alone (a system type, so what it says about a partner's performance can be trusted); and the routing
 * settings on tiers (rank, capacity, time to answer) and on partner accounts (a capacity of their own).
 */
@Component
public class LeadOfferTypes implements RecordTypeProvider {
    static final RecordType OFFER_TYPE = new RecordType(LeadOffers.TYPE, "leadOffers", "Lead offer", "Lead offers", LeadOffers.SUMMARY, List.of(
            builder(LeadOffers.LEAD, FieldType.REFERENCE).label("Lead").referenceTo("lead").required(true).indexed(true)
                    .onDelete(DeleteRule.CASCADE).build(),
            builder(Partners.PARTNER_ACCOUNT, FieldType.REFERENCE).label("Partner").referenceTo("account").required(true).indexed(true)
                    .onDelete(DeleteRule.CASCADE).build(),
            builder(LeadOffers.STATUS, FieldType.PICKLIST).label("Status").picklistValues(LeadOffers.STATUSES).required(true)
                    .defaultValue(LeadOffers.OFFERED).indexed(true).build(),
            builder(LeadOffers.SUMMARY, FieldType.TEXT).label("Lead").maxLength(400).build(),
            builder(LeadOffers.OFFERED_AT, FieldType.DATE_TIME).label("Offered").build(),
            builder(LeadOffers.RESPOND_BY, FieldType.DATE_TIME).label("Answer by").build(),
            builder(LeadOffers.RESPONDED_AT, FieldType.DATE_TIME).label("Answered or recalled").build(),
            builder(LeadOffers.ACCEPTED_AT, FieldType.DATE_TIME).label("Accepted").build(),
            builder(LeadOffers.EXPIRED, FieldType.BOOLEAN).label("Recalled for want of an answer").defaultValue(false).build(),
            builder(LeadOffers.REASON, FieldType.LONG_TEXT).label("Reason").build(),
            builder(LeadOffers.SCORE, FieldType.DECIMAL).label("Routing score").build(),
            builder(LeadOffers.SCORE_BREAKDOWN, FieldType.LONG_TEXT).label("Why this partner").build(),
            builder(LeadOffers.ATTEMPT, FieldType.INTEGER).label("Offer number for this lead").minValue(BigDecimal.ONE).build()))
            .withKind(RecordType.Kind.SYSTEM);

    static final List<FieldDefinition> TIER_ROUTING = List.of(
            builder(LeadOffers.TIER_RANK, FieldType.INTEGER).label("Lead routing rank (1 is offered leads first)").minValue(BigDecimal.ONE).build(),
            builder(LeadOffers.TIER_CAPACITY, FieldType.INTEGER).label("Most open leads a partner holds (empty: no limit)")
                    .minValue(BigDecimal.ZERO).build(),
            builder(LeadOffers.TIER_ACCEPTANCE_HOURS, FieldType.INTEGER).label("Hours to accept a lead offer (empty: the setting)")
                    .minValue(BigDecimal.ONE).build());

    static final List<FieldDefinition> PARTNER_ROUTING = List.of(
            builder(LeadOffers.PARTNER_CAPACITY, FieldType.INTEGER).label("Most open leads this partner holds (empty: its tier's)")
                    .minValue(BigDecimal.ZERO).build());

    @Override
    public List<RecordType> recordTypes() {
        return List.of(OFFER_TYPE);
    }

    @Override
    public Map<String, List<FieldDefinition>> fieldExtensions() {
        return Map.of(Partners.TIER, TIER_ROUTING, "account", PARTNER_ROUTING);
    }
}
