package org.rapportcrm.prm.internal.mdf;

import java.util.List;

/** Names of market development funds: record types, their statuses and the fields other types gain. */
final class Mdf {
    /** The funds a partner may spend in one period. */
    static final String ALLOCATION = "mdfAllocation";
    /** A partner's request for funds for one marketing activity. */
    static final String REQUEST = "mdfRequest";
    /** What a partner claims back, with proof of performance, against an approved request. */
    static final String CLAIM = "mdfClaim";

    /** On requests and claims (and allocations): the partner account, which shares the record with the partner. */
    static final String PARTNER_ACCOUNT = "partnerAccount";
    static final String AMOUNT = "amount";
    static final String APPROVED_AMOUNT = "approvedAmount";

    static final String SUBMITTED = "Submitted";
    static final String APPROVED = "Approved";
    static final String REJECTED = "Rejected";
    static final String PAID = "Paid";
    static final List<String> REQUEST_STATUSES = List.of(SUBMITTED, APPROVED, REJECTED);
    static final List<String> CLAIM_STATUSES = List.of(SUBMITTED, APPROVED, REJECTED, PAID);

    static final List<String> ACTIVITY_TYPES = List.of("Event", "Webinar", "Trade show", "Advertising", "Content", "E-mail campaign",
            "Training", "Other");

    /** The balance figures an allocation carries, kept by Rapport. */
    static final String REQUESTED = "requested";
    static final String APPROVED_TOTAL = "approved";
    static final String CLAIMED = "claimed";
    static final String PAID_TOTAL = "paid";
    static final String REMAINING = "remaining";
    static final String BALANCE_CHANGES = "balanceChanges";
    static final List<String> FIGURES = List.of(REQUESTED, APPROVED_TOTAL, CLAIMED, PAID_TOTAL, REMAINING, BALANCE_CHANGES);

    private Mdf() {
    }
}
