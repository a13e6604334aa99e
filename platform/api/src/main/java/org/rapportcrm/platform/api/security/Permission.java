package org.rapportcrm.platform.api.security;

import java.util.Set;

/**
 * Named permissions a role may hold beside its grants on record types. Administrators hold them all.
 */
public final class Permission {
    /** Give records to another owner: change the owner of a record, or create one owned by someone else. */
    public static final String TRANSFER = "transfer";
    /** Export records in bulk (CSV, NDJSON) from lists and the API. */
    public static final String EXPORT = "export";
    /**
     * Create, change and delete the records of configuration types: settings such as sales stages, assignment and
     * scoring rules, web forms, products and price books.
     */
    public static final String MANAGE_SETTINGS = "manageSettings";
    /**
     * Publish content that others read once it is reviewed, such as knowledge articles: the reviewers' and editors'
     * permission; writers without it submit their drafts for review. @since 1.1
     */
    public static final String PUBLISH = "publish";

    /**
     * Invite a contact to the customer portal (or send a portal user a new invitation): it makes an external principal
     * of the contact's account.
     *
     * @since 1.1
     */
    public static final String INVITE_PORTAL_USERS = "invitePortalUsers";

    /**
     * Decide partners' deal registrations: approve one (which protects its opportunity for the partner) or reject it,
     * and see the conflicts found with other deals.
     *
     * @since 1.2
     */
    public static final String APPROVE_DEAL_REGISTRATIONS = "approveDealRegistrations";

    /**
     * Decide partners' market development funds: approve a request for funds (possibly for less) or reject it, approve
     * or reject a claim against an approved request, and mark a claim paid.
     *
     * @since 1.3
     */
    public static final String APPROVE_MARKET_DEVELOPMENT_FUNDS = "approveMarketDevelopmentFunds";

    /**
     * Invite a contact of a partner account to the partner portal (or send a partner user a new invitation): it makes an
     * external principal of the partner account.
     *
     * @since 1.5
     */
    public static final String INVITE_PARTNER_USERS = "invitePartnerUsers";

    /** Every named permission the platform knows. */
    public static final Set<String> ALL = Set.of(TRANSFER, EXPORT, MANAGE_SETTINGS, INVITE_PORTAL_USERS, PUBLISH, APPROVE_DEAL_REGISTRATIONS,
            APPROVE_MARKET_DEVELOPMENT_FUNDS, INVITE_PARTNER_USERS);

    private Permission() {
    }
}
