package org.rapportcrm.marketing.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Double opt-in and the recipient's own links: what a sign-up form (the sales web forms, a landing page) and later
 * campaign sends use. Links are signed and expire; none needs the recipient to sign in.
 */
@ProviderType
public interface ConsentSignUps {
    /**
     * Appends a pending consent (it does not count yet) and e-mails the contact a signed confirmation link that works
     * once; the consent is given when the link is followed.
     *
     * @return the pending ledger entry's id
     * @throws org.rapportcrm.platform.api.record.ValidationException naming {@code contactId} if the contact has no
     *     e-mail address, {@code purposeId} or {@code channel} if they are unknown
     */
    String requestConfirmation(String contactId, String purposeId, String channel, String source, String shownText);

    /** The signed address of the contact's preference centre, for the foot of every marketing e-mail. */
    String preferenceCentreUrl(String contactId);
}
