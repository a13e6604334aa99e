package org.rapportcrm.prm.api;

import java.util.List;

/**
 * Names of the PRM capability's record types and fields. A partner is an account with {@link #IS_PARTNER} set; its
 * people are external principals of that account with the built-in role {@link #PARTNER_ROLE}.
 */
public final class Partners {
    /** Configuration: a partner programme level with its benefits, discount and market development funds. */
    public static final String TIER = "partnerTier";
    /** A deal a partner registers for protection; decided by a channel manager. */
    public static final String REGISTRATION = "dealRegistration";
    /** What a registration's conflict check found: for channel managers only, never shared with partners. */
    public static final String CONFLICT = "registrationConflict";
    /**
     * Sales and marketing material for partners (brochures, presentations, price lists as its files): a published item is
     * shared with the partners of its {@link #PARTNER_TIER} or, with none, of every tier.
     *
     * @since 1.1
     */
    public static final String COLLATERAL = "partnerCollateral";
    /** A collateral item's status: only published ones are shared. @since 1.1 */
    public static final String DRAFT = "Draft";
    /** @since 1.1 */
    public static final String PUBLISHED = "Published";
    /** @since 1.1 */
    public static final List<String> COLLATERAL_STATUSES = List.of(DRAFT, PUBLISHED);

    /** The role of a partner's users (external principals of the partner account). */
    public static final String PARTNER_ROLE = "partner";
    /** The built-in role that runs the partner programme and decides registrations. */
    public static final String CHANNEL_MANAGER_ROLE = "channel-manager";

    // Partner profile: fields the capability adds to accounts.
    public static final String IS_PARTNER = "isPartner";
    /** On accounts, collateral and (when the knowledge base is installed) knowledge articles: the partner tier. */
    public static final String PARTNER_TIER = "partnerTier";
    public static final String TERRITORIES = "partnerTerritories";
    public static final String CERTIFICATIONS = "partnerCertifications";
    public static final String AGREEMENT_START = "partnerAgreementStart";
    public static final String AGREEMENT_END = "partnerAgreementEnd";

    /** On opportunities and leads (and registrations): the partner account the record is given to and shared with. */
    public static final String PARTNER_ACCOUNT = "partnerAccount";
    /** On opportunities: the registration that protects it, until when, and the partner's discount. */
    public static final String PROTECTED_BY = "dealRegistration";
    public static final String PROTECTED_UNTIL = "protectedUntil";
    public static final String PARTNER_DISCOUNT = "partnerDiscountPercent";

    public static final String SUBMITTED = "Submitted";
    public static final String APPROVED = "Approved";
    public static final String REJECTED = "Rejected";
    public static final List<String> STATUSES = List.of(SUBMITTED, APPROVED, REJECTED);

    /** A registration's conflict flag as its partner sees it: the conflicting records themselves stay internal. */
    public static final String NO_CONFLICT = "None";
    public static final String CONFLICT_UNDER_REVIEW = "Under review";
    public static final List<String> CONFLICT_FLAGS = List.of(NO_CONFLICT, CONFLICT_UNDER_REVIEW);

    private Partners() {
    }
}
