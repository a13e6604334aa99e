package org.rapportcrm.platform.api.security;

import java.time.Duration;
import org.osgi.annotation.versioning.ConsumerType;
import org.rapportcrm.platform.api.record.Record;

/**
 * Whiteboard SPI: a portal where external principals sign in (the customer portal, the partner portal), as
 * {@link PrincipalInvitations} invites contacts to it. An external principal belongs to the portal whose
 * {@link #role()} it holds.
 *
 * <pre>
 * &#64;Component
 * public class PartnerPortal implements ExternalPortal {
 *     public String name() { return "partner"; }
 *     public String title() { return "our partner portal"; }
 *     public String role() { return "partner"; }
 *     public String invitePermission() { return Permission.INVITE_PARTNER_USERS; }
 *     public String address() { return "https://crm.example.com/partners/"; }
 * }
 * </pre>
 *
 * @since 1.5
 */
@ConsumerType
public interface ExternalPortal {
    /** The portal's name in calls of {@link PrincipalInvitations}, e.g. {@code customer} or {@code partner}. */
    String name();

    /** How an invitation names it to the invitee, e.g. "our customer portal". */
    String title();

    /** The role an invited contact gets; who holds it belongs to this portal. */
    String role();

    /** The named permission staff need to invite contacts to this portal (administrators hold every one). */
    String invitePermission();

    /**
     * The portal's page, absolute (scheme, host, path), e.g. {@code https://support.example.com/portal/}. A mailed link
     * is this address with {@code #/password/<token>}: the token travels in the fragment, which browsers send neither to
     * a server nor in a Referer; the page posts it to {@code POST /api/v1/invitations/password}.
     */
    String address();

    /** One sentence on what the invitee does there, for the invitation e-mail. */
    default String purpose() {
        return "";
    }

    /** How long an invitation link works. */
    default Duration invitationValidity() {
        return Duration.ofHours(72);
    }

    /** How long a password reset link works. */
    default Duration resetValidity() {
        return Duration.ofHours(1);
    }

    /**
     * Refuses a contact that may not become a principal of this portal, with a
     * {@link org.rapportcrm.platform.api.record.ValidationException} naming the field (e.g. a contact whose account is
     * no partner). The platform has checked already that the contact has an e-mail address and an account.
     *
     * @param account the contact's account, read as the platform
     */
    default void checkInvitee(Record contact, Record account) {
    }

    /**
     * Whether the portal's principals see only their own records where a {@link SharingRule} leads to a contact (their
     * own cases), rather than their whole account's. Asked on every read, so an administrator's setting applies at once.
     */
    default boolean ownRecordsOnly() {
        return false;
    }
}
