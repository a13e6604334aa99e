package org.rapportcrm.platform.api.security;

import java.time.Instant;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Invites contacts into an {@link ExternalPortal} as external principals of their account: the contact's e-mail address
 * becomes the user name, and a signed, single-use link that expires is mailed through the platform's mail service; the
 * invitee chooses a password with it. A newer link (a new invitation, a password reset) voids the user's earlier ones.
 * Invitations and accepted links are written to the contact's history (audit trail). Links are 256 random bits of which
 * only a hash is stored, so a copy of the database opens no account.
 *
 * @since 1.5
 */
@ProviderType
public interface PrincipalInvitations {
    /**
     * Invites a contact the actor may read into the portal {@code portal} (its {@link ExternalPortal#name()}); a contact
     * invited before gets a new link, and its user is active again.
     *
     * @throws AccessDeniedException without the portal's {@link ExternalPortal#invitePermission()}, or for an external actor
     * @throws org.rapportcrm.platform.api.record.ValidationException naming {@code portal} (no such portal), {@code email}
     *             (the contact has none, or another user has it), {@code account} (no account, or the portal refuses it)
     * @throws org.rapportcrm.platform.api.record.RecordNotFoundException when the actor cannot read the contact
     */
    Invitation invite(Actor actor, String portal, String contactId);

    /**
     * Mails a password reset link to the active principal of {@code portal} with this e-mail address, if there is one,
     * at most once a minute; says nothing either way, so the caller cannot tell who is a customer or partner.
     */
    void requestPasswordReset(String portal, String email);

    /**
     * Sets the password of the link's user and uses the link up, together: a password the rules refuse leaves the link
     * working. The user's sessions end (as on every password set).
     *
     * @return the user name to sign in with
     * @throws org.rapportcrm.platform.api.record.ValidationException naming {@code token} with code {@code invalid},
     *             {@code used} or {@code expired}, or {@code password} when the rules refuse it
     */
    String choosePassword(String token, String password);

    /** What an invitation did: the principal (new or re-activated) and until when the mailed link works. */
    record Invitation(String userId, String userName, String contactId, String portal, Instant expiresAt) {
    }
}
