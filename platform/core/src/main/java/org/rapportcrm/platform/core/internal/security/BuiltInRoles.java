package org.rapportcrm.platform.core.internal.security;

import static org.rapportcrm.platform.api.security.AccessScope.ALL;
import static org.rapportcrm.platform.api.security.AccessScope.NONE;
import static org.rapportcrm.platform.api.security.AccessScope.OWN;
import static org.rapportcrm.platform.api.security.AccessScope.TEAM;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rapportcrm.platform.api.security.FieldGrant;
import org.rapportcrm.platform.api.security.Grant;
import org.rapportcrm.platform.api.security.Permission;
import org.rapportcrm.platform.api.security.Role;
import org.rapportcrm.platform.api.security.RoleDefinition;

/**
 * The roles every installation starts with, at version 1 until an administrator changes them. Everyone may read all records; who may change what differs by role.
 * Giving records to others (transfer) is for sales managers and administrators.
 */
public final class BuiltInRoles {
    public static final String SALES = "sales";
    public static final String SALES_MANAGER = "sales-manager";
    public static final String PORTAL = "portal";
    /** The service team's internals of a case: its queue, tier, SLA policy, warnings and escalations. */
    private static final List<String> PORTAL_HIDDEN_CASE_FIELDS = List.of("queue", "accountTier", "slaPolicy", "slaStatus", "slaEvents",
            "slaPausedAt", "slaPausedSeconds", "firstResponseWarningAt", "nextResponseWarningAt", "resolutionWarningAt",
            "firstResponseMinutes", "resolutionMinutes", "mergedInto");
    /** Which service mailbox a message of a case's thread came through, and which user sent it. */
    private static final List<String> PORTAL_HIDDEN_MESSAGE_FIELDS = List.of("mailbox", "sentBy");
    public static final String KNOWLEDGE_EDITOR = "knowledge-editor";
    public static final String CHANNEL_MANAGER = "channel-manager";
    public static final String PARTNER = "partner";

    public static final List<RoleDefinition> DEFAULTS = List.of(
            role(Role.ADMIN, "Administrator", List.of(new Grant(Grant.ANY_TYPE, ALL, true, ALL, ALL)), Permission.ALL),
            role(SALES_MANAGER, "Sales manager", List.of(new Grant(Grant.ANY_TYPE, ALL, true, TEAM, TEAM)),
                    Set.of(Permission.TRANSFER, Permission.EXPORT)),
            // Cases are the service team's: sales reads them (a customer's open issues) and leaves them to service; the
            // e-mails between customer and agents stay with service. Segments are marketing's: sales reads who is in
            // them and leaves building them to marketing, as it does campaigns and journeys.
            role(SALES, "Sales", List.of(new Grant(Grant.ANY_TYPE, ALL, true, TEAM, OWN), new Grant("case", ALL, false, NONE, NONE),
                    new Grant("caseMessage", NONE, false, NONE, NONE), new Grant("segment", ALL, false, NONE, NONE),
                    new Grant("campaign", ALL, false, NONE, NONE), new Grant("campaignVariant", ALL, false, NONE, NONE),
                    new Grant("journey", ALL, false, NONE, NONE)), Set.of()),
            role("marketing", "Marketing", List.of(
                    new Grant(Grant.ANY_TYPE, ALL, false, NONE, NONE),
                    new Grant("contact", ALL, true, TEAM, OWN),
                    new Grant("lead", ALL, true, TEAM, OWN),
                    new Grant("account", ALL, true, OWN, NONE),
                    new Grant("activity", ALL, true, OWN, OWN),
                    new Grant("segment", ALL, true, TEAM, TEAM),
                    new Grant("campaign", ALL, true, TEAM, TEAM),
                    new Grant("campaignVariant", ALL, true, TEAM, TEAM),
                    new Grant("journey", ALL, true, TEAM, TEAM)), Set.of(Permission.EXPORT)),
            role("service", "Service", List.of(
                    new Grant(Grant.ANY_TYPE, ALL, false, NONE, NONE),
                    new Grant("contact", ALL, true, TEAM, NONE),
                    new Grant("activity", ALL, true, TEAM, OWN),
                    // Agents work every queue's cases: take one over, answer, resolve; deleting is for administrators.
                    new Grant("case", ALL, true, ALL, NONE),
                    new Grant("relatedCase", ALL, true, ALL, ALL),
                    // The public conversation with the customer on a case (internal notes are activities).
                    new Grant("caseComment", ALL, true, OWN, NONE),
                    // The e-mail thread of a case: agents read it and reply through the case's reply action; the thread
                    // itself is written by the capability (what was sent and received is never changed).
                    new Grant("caseMessage", ALL, false, NONE, NONE),
                    // Agents write knowledge articles and submit them for review, and link them to cases.
                    new Grant("knowledgeArticle", ALL, true, ALL, NONE),
                    new Grant("caseArticle", ALL, true, ALL, ALL)), Set.of(Permission.TRANSFER, Permission.INVITE_PORTAL_USERS)),
            // Given beside another role: reviews, publishes and archives knowledge articles, and deletes them.
            role(KNOWLEDGE_EDITOR, "Knowledge editor", List.of(new Grant(Grant.ANY_TYPE, ALL, false, NONE, NONE),
                    new Grant("knowledgeArticle", ALL, true, ALL, ALL)), Set.of(Permission.PUBLISH)),
            // Runs the partner programme: partner accounts and tiers (settings), invites partners' people to the partner
            // portal, decides deal registrations, gives partners their market development funds and decides what they
            // request and claim (through the decisions alone), and publishes the collateral partners download.
            role(CHANNEL_MANAGER, "Channel manager", List.of(new Grant(Grant.ANY_TYPE, ALL, false, NONE, NONE),
                    new Grant("account", ALL, true, ALL, NONE),
                    new Grant("contact", ALL, true, ALL, NONE),
                    new Grant("opportunity", ALL, true, ALL, NONE),
                    new Grant("lead", ALL, true, ALL, NONE),
                    new Grant("activity", ALL, true, OWN, OWN),
                    new Grant("dealRegistration", ALL, true, ALL, NONE),
                    new Grant("mdfAllocation", ALL, true, ALL, ALL),
                    new Grant("partnerCollateral", ALL, true, ALL, ALL)),
                    Set.of(Permission.APPROVE_DEAL_REGISTRATIONS, Permission.APPROVE_MARKET_DEVELOPMENT_FUNDS, Permission.MANAGE_SETTINGS,
                            Permission.EXPORT, Permission.INVITE_PARTNER_USERS)),
            role("read-only", "Read only", List.of(new Grant(Grant.ANY_TYPE, ALL, false, NONE, NONE)), Set.of()),
            // For external principals: they read what is shared with their account and change nothing but their cases
            // (the portal capability narrows that to opening, resolving and closing them) and add comments to them; how a
            // case is routed and timed inside the service team stays hidden.
            new RoleDefinition(PORTAL, "Portal user", List.of(new Grant(Grant.ANY_TYPE, ALL, false, NONE, NONE),
                    new Grant("case", ALL, true, ALL, NONE), new Grant("caseComment", ALL, true, NONE, NONE)),
                    hidden(Map.of("case", PORTAL_HIDDEN_CASE_FIELDS, "caseMessage", PORTAL_HIDDEN_MESSAGE_FIELDS)), Set.of(), true, 1),
            // For a partner's people (external principals of the partner account): they read what is shared with it (its
            // account, its deal registrations, the opportunities and leads given to it, published articles, its own cases
            // as a customer, with the service team's internals hidden as from portal users), register deals, work the
            // leads given to them, request market development funds and claim them with proof (files on the claim); the
            // PRM capability narrows what they may write on each.
            new RoleDefinition(PARTNER, "Partner user", List.of(new Grant(Grant.ANY_TYPE, ALL, false, NONE, NONE),
                    new Grant("dealRegistration", ALL, true, ALL, NONE), new Grant("lead", ALL, false, ALL, NONE),
                    new Grant("mdfRequest", ALL, true, ALL, NONE), new Grant("mdfClaim", ALL, true, ALL, NONE)),
                    hidden(Map.of("case", PORTAL_HIDDEN_CASE_FIELDS, "caseMessage", PORTAL_HIDDEN_MESSAGE_FIELDS)), Set.of(), true, 1));

    private BuiltInRoles() {
    }

    /** Fields neither read nor written, by record type. */
    private static List<FieldGrant> hidden(Map<String, List<String>> fieldsByType) {
        return fieldsByType.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(f -> new FieldGrant(e.getKey(), f, false, false))).toList();
    }

    public static Optional<RoleDefinition> role(String name) {
        return DEFAULTS.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    private static RoleDefinition role(String name, String label, List<Grant> grants, Set<String> permissions) {
        return new RoleDefinition(name, label, grants, List.of(), permissions, true, 1);
    }
}
