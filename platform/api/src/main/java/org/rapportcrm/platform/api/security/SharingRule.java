package org.rapportcrm.platform.api.security;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: what of one record type is shared with external principals (portal customers, partners). A record is
 * shared with the account its path of references leads to; an external principal of that account may then read it
 * (and change it, as far as its roles allow). Records of a type no rule shares are invisible to external principals,
 * so a capability only declares what it shares and never filters by hand: the platform enforces it where every read
 * passes (lists, records, search, export, related lists, history).
 *
 * <pre>
 * &#64;Component
 * public class SharedCases implements SharingRule {
 *     public String recordType() { return "case"; }
 *     public List&lt;String&gt; pathToAccount() { return List.of("contact", "account"); } // case.contact.account
 * }
 * </pre>
 *
 * Several rules for one type add up: a record is shared if any of its paths leads to the account.
 *
 * <p>A rule may also lead to the contact a record is about ({@link #pathToContact()}, e.g. {@code case.contact}). A
 * portal whose principals see only their own records ({@link ExternalPortal#ownRecordsOnly()}) then reaches such
 * records only through that path, by the principal's own contact ({@link Actor#contactId()}), not through the account;
 * for other portals the contact path adds nothing to the account path (the contact is the account's).
 */
@ConsumerType
public interface SharingRule {
    /** The api name of the record type this rule shares. */
    String recordType();

    /**
     * The reference fields leading from a record of {@link #recordType()} to the account, in order; the last one refers to
     * the account type. Empty when the record type is the account itself.
     */
    List<String> pathToAccount();

    /**
     * The reference fields leading from a record of {@link #recordType()} to the contact it is about, in order; the last
     * one refers to the contact type (empty: the rule shares by account only). See the class comment for when it applies.
     *
     * @since 1.5
     */
    default List<String> pathToContact() {
        return List.of();
    }
}
