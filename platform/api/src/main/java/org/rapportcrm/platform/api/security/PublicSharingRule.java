package org.rapportcrm.platform.api.security;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: the records of one type that match a filter are shared with every external principal, whatever its
 * account, to read only, such as the published articles of a knowledge base a customer portal shows. Unlike a
 * {@link SharingRule}, nothing here leads to an account; and nothing shared this way can be changed or deleted by an
 * external principal (only what a {@link SharingRule} shares with its account can, as far as its roles allow), and its
 * history (earlier drafts, who changed it) is not shown to them. The platform enforces it where every read passes
 * (lists, records, search, export, related lists, history).
 *
 * <pre>
 * &#64;Component
 * public class PublishedArticles implements PublicSharingRule {
 *     public String recordType() { return "knowledgeArticle"; }
 *     public String filter() { return "status eq 'Published' and visibility eq 'Portal'"; }
 * }
 * </pre>
 *
 * Several rules for one type add up (a record matching any of them is shared); a filter that does not compile shares
 * nothing (sharing fails closed).
 *
 * <p>Since 1.4 a filter may compare a field with a field of the principal's own account, written
 * {@value #PRINCIPAL_ACCOUNT}{@code <field>} as the value: collateral for the partner's tier is
 * {@code status eq 'Published' and tier eq principal.account.partnerTier}. Both fields must hold the same kind of value
 * (references to the same type) and the operator be eq, ne, gt, ge, lt, le or in. The rule shares nothing with a
 * principal whose account leaves such a field empty (a customer's account has no partner tier): it sees only what
 * rules that need no such value share. The comparison runs in the database, in every read as the filter does.
 *
 * @since 1.1
 */
@ConsumerType
public interface PublicSharingRule {
    /**
     * The prefix of a filter value that stands for a field of the external principal's account.
     *
     * @since 1.4
     */
    String PRINCIPAL_ACCOUNT = "principal.account.";

    /** The api name of the record type this rule shares. */
    String recordType();

    /**
     * Which records of {@link #recordType()} are shared, in the lists' filter language (fields of the type itself,
     * compared with values or with fields of the principal's account, see {@link #PRINCIPAL_ACCOUNT}).
     */
    String filter();
}
