package org.rapportcrm.prm.internal.leads;

import java.util.List;

/** Names of lead distribution: the offer record type, its fields and statuses, and the routing fields on tiers and partners. */
final class LeadOffers {
    static final String TYPE = "leadOffer";
    static final String LEAD = "lead";

    static final String OFFERED = "Offered";
    static final String ACCEPTED = "Accepted";
    static final String REJECTED = "Rejected";
    static final String RECALLED = "Recalled";
    static final List<String> STATUSES = List.of(OFFERED, ACCEPTED, REJECTED, RECALLED);

    // Fields of an offer.
    static final String STATUS = "status";
    static final String OFFERED_AT = "offeredAt";
    static final String RESPOND_BY = "respondBy";
    static final String RESPONDED_AT = "respondedAt";
    static final String ACCEPTED_AT = "acceptedAt";
    static final String EXPIRED = "expired";
    static final String REASON = "reason";
    static final String SCORE = "score";
    static final String SCORE_BREAKDOWN = "scoreBreakdown";
    static final String SUMMARY = "leadSummary";
    static final String ATTEMPT = "attempt";

    // Routing fields on partner tiers and partner accounts.
    static final String TIER_RANK = "leadRank";
    static final String TIER_CAPACITY = "leadCapacity";
    static final String TIER_ACCEPTANCE_HOURS = "leadAcceptanceHours";
    static final String PARTNER_CAPACITY = "partnerLeadCapacity";

    /** Lead statuses after which a partner no longer works the lead. */
    static final List<String> CLOSED_LEAD_STATUSES = List.of("Converted", "Unqualified");
    /** Lead statuses that count as a partner's success with a lead. */
    static final List<String> WON_LEAD_STATUSES = List.of("Qualified", "Converted");

    private LeadOffers() {
    }
}
