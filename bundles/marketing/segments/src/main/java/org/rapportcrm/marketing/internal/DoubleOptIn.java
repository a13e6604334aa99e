package org.rapportcrm.marketing.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.api.ConsentSignUps;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Double opt-in: a pending ledger entry and a confirmation e-mail through the platform's mail service (durable queue,
 * SMTP), with a signed link that confirms once, and the preference centre's link beside it.
 */
@Component
public class DoubleOptIn implements ConsentSignUps {
    private final RecordService records;
    private final ConsentLedger ledger;
    private final ConsentLinks links;
    private final MailService mail;

    @Activate
    public DoubleOptIn(@Reference RecordService records, @Reference ConsentLedger ledger, @Reference ConsentLinks links, @Reference MailService mail) {
        this.records = records;
        this.ledger = ledger;
        this.links = links;
        this.mail = mail;
    }

    @Override
    public String requestConfirmation(String contactId, String purposeId, String channel, String source, String shownText) {
        Record contact = records.get(Actor.system(), "contact", contactId);
        Object email = contact.get("email");
        if (email == null) {
            throw new ValidationException("contactId", "noEmail", "the contact has no e-mail address to confirm with");
        }
        Record purpose = records.get(Actor.system(), Marketing.CONSENT_PURPOSE, purposeId);
        return records.inTransaction(() -> {
            String pending = ledger.requestConfirmation(contactId, purposeId, channel, source, shownText);
            String name = contact.get("firstName") == null ? "" : " " + contact.get("firstName");
            mail.send(OutgoingMail.builder().to(email.toString()).subject("Please confirm: " + purpose.get("name"))
                    .text("Hello" + name + ",\n\nplease confirm that you agree to: " + (shownText != null ? shownText : purpose.get("name"))
                            + "\n\nConfirm: " + links.url(ConsentLinks.CONFIRM, pending)
                            + "\n\nIf you did not ask for this, ignore this message: nothing happens without your confirmation."
                            + "\n\nYour preferences: " + preferenceCentreUrl(contactId) + "\n")
                    .about("contact", contactId).build());
            return pending;
        });
    }

    @Override
    public String preferenceCentreUrl(String contactId) {
        return links.url(ConsentLinks.PREFERENCES, contactId);
    }
}
