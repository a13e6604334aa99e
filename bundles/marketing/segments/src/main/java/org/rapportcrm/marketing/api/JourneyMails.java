package org.rapportcrm.marketing.api;

import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * E-mails a journey sends one contact at a time, through the campaigns' sending path: the same suppression (no
 * address, unsubscribed, bounced, complained), consent check, unsubscribe headers and open and click tracking as a
 * campaign, recorded as campaign responses. Each e-mail step of a journey has a campaign of its own (shown with the
 * campaigns, counted in their figures and ROI); a contact gets a step's e-mail at most once. Provided by the campaigns
 * bundle.
 *
 * @since 1.2
 */
@ProviderType
public interface JourneyMails {
    /** What became of one send. */
    enum Outcome {
        /** Handed to the mail queue now. */
        QUEUED,
        /** The contact had it already (a rerun of the same step): nothing is sent again. */
        ALREADY_SENT,
        /** Not sent: no address, unsubscribed, bounced, no consent, or the campaign was cancelled. */
        SUPPRESSED
    }

    /**
     * Opens the campaign that carries one journey step's e-mails, with the step's template and the journey's consent
     * purpose (null for none); it is sending from now on, as contacts reach the step.
     *
     * @return the campaign's id
     */
    String openCampaign(String name, String templateId, String consentPurposeId);

    /**
     * Sends the campaign's e-mail to the contact, in the caller's platform transaction: the message is queued and the
     * contact's row written together, or neither.
     */
    Outcome send(String campaignId, String contactId);

    /** What the contact did with the campaign's e-mail: {@code Opened}, {@code Clicked}, {@code Unsubscribed}. */
    Set<String> responses(String campaignId, String contactId);

    /**
     * Why the contact may no longer be e-mailed, or null if it may: its address is suppressed (unsubscribed, bounced
     * hard, complained) or, with a consent purpose, its consent is not given (withdrawn).
     */
    String unreachable(String contactId, String consentPurposeId);
}
