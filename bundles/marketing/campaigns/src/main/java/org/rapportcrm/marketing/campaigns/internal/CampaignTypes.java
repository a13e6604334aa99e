package org.rapportcrm.marketing.campaigns.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;

/**
 * The campaign record type. Its content is one of the platform's e-mail templates (HTML and text parts, Pebble,
 * {@code {{ record.firstName | default("there") }}} for a fallback), so marketing and service share one editor and one
 * renderer. Who received it, and what they did, lives in the capability's own tables ({@link RecipientStore}).
 */
@Component
public class CampaignTypes implements RecordTypeProvider {
    static final String CAMPAIGN = "campaign";
    static final String DRAFT = "Draft";
    static final String SCHEDULED = "Scheduled";
    static final String SENDING = "Sending";
    static final String SENT = "Sent";
    static final String CANCELLED = "Cancelled";
    static final List<String> STATUSES = List.of(DRAFT, SCHEDULED, SENDING, SENT, CANCELLED);

    static final RecordType CAMPAIGNS = new RecordType(CAMPAIGN, "campaigns", "Campaign", "Campaigns", "name", List.of(
            builder("name", FieldType.TEXT).label("Name").maxLength(200).required(true).searchable(true).build(),
            builder("template", FieldType.REFERENCE).label("E-mail template").referenceTo(MailService.TEMPLATE_TYPE)
                    .onDelete(DeleteRule.RESTRICT).build(),
            // Ids of segments, separated by commas: a contact in several gets one message.
            builder("segments", FieldType.TEXT).label("Segments").maxLength(2000).build(),
            // When set, only contacts whose current consent for this purpose on e-mail is given receive it.
            builder("consentPurpose", FieldType.REFERENCE).label("Consent purpose").referenceTo(Marketing.CONSENT_PURPOSE)
                    .onDelete(DeleteRule.RESTRICT).build(),
            builder("status", FieldType.PICKLIST).label("Status").picklistValues(STATUSES).required(true).defaultValue(DRAFT).build(),
            builder("sendAt", FieldType.DATE_TIME).label("Send at").build(),
            builder("sentAt", FieldType.DATE_TIME).label("Sent").build(),
            builder("cost", FieldType.MONEY).label("Cost").build(),
            builder("recipients", FieldType.INTEGER).label("Recipients").build(),
            builder("suppressed", FieldType.INTEGER).label("Suppressed").build(),
            builder("description", FieldType.LONG_TEXT).label("Description").build()));

    @Override
    public List<RecordType> recordTypes() {
        return List.of(CAMPAIGNS);
    }
}
