package org.rapportcrm.prm.internal;

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
 * What PRM keeps. The partner profile is fields on the account rather than a type of its own: a partner is one
 * account, its users are external principals of that very account (so the account is already shared with them), and
 * lists, filters and search of partners are plain account lists ({@code isPartner eq true}), with no one-to-one record
 * to keep in step. Opportunities and leads gain the partner account they are given to, which is what shares them.
 */
@Component
public class PrmTypes implements RecordTypeProvider {
    private static final BigDecimal ZERO = BigDecimal.ZERO;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    static final RecordType TIER_TYPE = new RecordType(Partners.TIER, "partnerTiers", "Partner tier", "Partner tiers", "name", List.of(
            builder("name", FieldType.TEXT).label("Tier").maxLength(80).required(true).unique(true).build(),
            builder("benefits", FieldType.LONG_TEXT).label("Benefits").build(),
            builder("discountPercent", FieldType.PERCENT).label("Deal registration discount").minValue(ZERO).maxValue(HUNDRED)
                    .defaultValue(0).build(),
            builder("protectionDays", FieldType.INTEGER).label("Days an approved registration protects its deal").minValue(BigDecimal.ONE)
                    .defaultValue(90).build(),
            builder("mdfAllowance", FieldType.MONEY).label("Market development funds per year").build(),
            builder("active", FieldType.BOOLEAN).label("Active").defaultValue(true).build()))
            .withKind(RecordType.Kind.CONFIGURATION);

    static final RecordType REGISTRATION_TYPE = new RecordType(Partners.REGISTRATION, "dealRegistrations", "Deal registration",
            "Deal registrations", "customerName", List.of(
            // Required, but not declared so: a partner's user leaves it out and RegistrationRules fills in its own account.
            builder(Partners.PARTNER_ACCOUNT, FieldType.REFERENCE).label("Partner").referenceTo("account").indexed(true)
                    .onDelete(DeleteRule.RESTRICT).build(),
            builder("customerName", FieldType.TEXT).label("End customer").maxLength(200).required(true).searchable(true).build(),
            builder("customerDomain", FieldType.TEXT).label("End customer's e-mail domain or website").maxLength(200).build(),
            builder("product", FieldType.REFERENCE).label("Product").referenceTo("product").onDelete(DeleteRule.RESTRICT).build(),
            builder("amount", FieldType.MONEY).label("Amount").build(),
            builder("closeDate", FieldType.DATE).label("Expected close date").required(true).build(),
            builder("description", FieldType.LONG_TEXT).label("Description").build(),
            builder("status", FieldType.PICKLIST).label("Status").picklistValues(Partners.STATUSES).required(true)
                    .defaultValue(Partners.SUBMITTED).indexed(true).build(),
            builder("conflict", FieldType.PICKLIST).label("Conflict").picklistValues(Partners.CONFLICT_FLAGS)
                    .defaultValue(Partners.NO_CONFLICT).build(),
            builder("decisionReason", FieldType.LONG_TEXT).label("Reason for the decision").build(),
            builder("decidedAt", FieldType.DATE_TIME).label("Decided").build(),
            builder("opportunity", FieldType.REFERENCE).label("Opportunity").referenceTo("opportunity").onDelete(DeleteRule.SET_NULL).build(),
            builder("discountPercent", FieldType.PERCENT).label("Partner discount").minValue(ZERO).maxValue(HUNDRED).build(),
            builder(Partners.PROTECTED_UNTIL, FieldType.DATE).label("Protected until").build()));

    static final RecordType CONFLICT_TYPE = new RecordType(Partners.CONFLICT, "registrationConflicts", "Registration conflict",
            "Registration conflicts", "reason", List.of(
            builder(Partners.REGISTRATION, FieldType.REFERENCE).label("Deal registration").referenceTo(Partners.REGISTRATION).required(true)
                    .master(true).onDelete(DeleteRule.CASCADE).indexed(true).build(),
            builder("opportunity", FieldType.REFERENCE).label("Conflicting opportunity").referenceTo("opportunity")
                    .onDelete(DeleteRule.CASCADE).build(),
            builder("otherRegistration", FieldType.REFERENCE).label("Conflicting registration").referenceTo(Partners.REGISTRATION)
                    .onDelete(DeleteRule.CASCADE).build(),
            builder("reason", FieldType.TEXT).label("Why").maxLength(255).required(true).build()))
            .childOf(Partners.REGISTRATION).withKind(RecordType.Kind.SYSTEM);

    static final List<String> COLLATERAL_KINDS = List.of("Brochure", "Presentation", "Data sheet", "Price list", "Case study",
            "Training", "Logos and brand", "Other");

    /**
     * One tier, or none for every partner, rather than a set of tiers: the metadata has no multi-valued reference, and
     * a multi-picklist of tier names would go stale when tiers are renamed or added; an item for two tiers is two items.
     */
    static final RecordType COLLATERAL_TYPE = new RecordType(Partners.COLLATERAL, "partnerCollateral", "Partner collateral",
            "Partner collateral", "title", List.of(
            builder("title", FieldType.TEXT).label("Title").maxLength(200).required(true).searchable(true).build(),
            builder("description", FieldType.LONG_TEXT).label("Description").build(),
            builder("kind", FieldType.PICKLIST).label("Kind").picklistValues(COLLATERAL_KINDS).required(true).defaultValue("Other").build(),
            builder(Partners.PARTNER_TIER, FieldType.REFERENCE).label("For partners of tier (empty: every tier)").referenceTo(Partners.TIER)
                    .indexed(true).onDelete(DeleteRule.RESTRICT).build(),
            builder("status", FieldType.PICKLIST).label("Status").picklistValues(Partners.COLLATERAL_STATUSES).required(true)
                    .defaultValue(Partners.DRAFT).indexed(true).build()));

    /**
     * Added to the knowledge base's articles (kept when it is not installed, used when it is): an article of the
     * knowledge base is shared with the partners of this tier besides whom its own visibility shares it with.
     */
    static final List<FieldDefinition> PARTNER_ARTICLE = List.of(
            builder(Partners.PARTNER_TIER, FieldType.REFERENCE).label("Also for partners of tier").referenceTo(Partners.TIER)
                    .onDelete(DeleteRule.SET_NULL).build());

    static final List<FieldDefinition> PARTNER_PROFILE = List.of(
            builder(Partners.IS_PARTNER, FieldType.BOOLEAN).label("Partner").defaultValue(false).indexed(true).build(),
            builder(Partners.PARTNER_TIER, FieldType.REFERENCE).label("Partner tier").referenceTo(Partners.TIER).onDelete(DeleteRule.RESTRICT).build(),
            builder(Partners.TERRITORIES, FieldType.TEXT).label("Partner territories").maxLength(500).build(),
            builder(Partners.CERTIFICATIONS, FieldType.TEXT).label("Partner certifications").maxLength(500).build(),
            builder(Partners.AGREEMENT_START, FieldType.DATE).label("Partner agreement start").build(),
            builder(Partners.AGREEMENT_END, FieldType.DATE).label("Partner agreement end").build());

    static final List<FieldDefinition> PARTNER_DEAL = List.of(
            builder(Partners.PARTNER_ACCOUNT, FieldType.REFERENCE).label("Partner").referenceTo("account").indexed(true).build(),
            builder(Partners.PROTECTED_BY, FieldType.REFERENCE).label("Deal registration").referenceTo(Partners.REGISTRATION)
                    .onDelete(DeleteRule.SET_NULL).build(),
            builder(Partners.PROTECTED_UNTIL, FieldType.DATE).label("Protected for the partner until").build(),
            builder(Partners.PARTNER_DISCOUNT, FieldType.PERCENT).label("Partner discount").minValue(ZERO).maxValue(HUNDRED).build());

    static final List<FieldDefinition> PARTNER_LEAD = List.of(
            builder(Partners.PARTNER_ACCOUNT, FieldType.REFERENCE).label("Partner").referenceTo("account").indexed(true).build());

    @Override
    public List<RecordType> recordTypes() {
        return List.of(TIER_TYPE, REGISTRATION_TYPE, CONFLICT_TYPE, COLLATERAL_TYPE);
    }

    @Override
    public Map<String, List<FieldDefinition>> fieldExtensions() {
        return Map.of("account", PARTNER_PROFILE, "opportunity", PARTNER_DEAL, "lead", PARTNER_LEAD, PrmSharing.KNOWLEDGE_ARTICLE, PARTNER_ARTICLE);
    }
}
