package org.rapportcrm.marketing.campaigns.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;

/**
 * The campaign record type. Its content is one of the platform's e-mail templates (HTML and text parts, Pebble,
 * {@code {{ record.firstName | default("there") }}} for a fallback), so marketing and service share one editor and one
 * renderer. Who received it, and what they did, lives in the capability's own tables ({@link RecipientStore}).
 * <p>
 * Leads and opportunities (sales' types, when sales is installed) gain {@code sourceCampaign}: the campaign that
 * brought them, which a web form can set from a hidden field and a lead's conversion hands on to its opportunity
 * ({@link SourceCampaignTrigger}). The campaign's return counts them as sourced ({@link CampaignRoi}).
 */
@Component
public class CampaignTypes implements RecordTypeProvider {
    static final String CAMPAIGN = "campaign";
    static final String DRAFT = "Draft";
    static final String SCHEDULED = "Scheduled";
    static final String SENDING = "Sending";
    /** An A/B campaign whose test share went out: waiting for the test window to end, or for the marketer's pick. */
    static final String TESTING = "Testing";
    static final String SENT = "Sent";
    static final String CANCELLED = "Cancelled";
    static final List<String> STATUSES = List.of(DRAFT, SCHEDULED, SENDING, TESTING, SENT, CANCELLED);
    static final String VARIANT = "campaignVariant";
    static final String OPENS = "Opens";
    static final String CLICKS = "Clicks";
    static final String AUTOMATIC = "Automatic";
    static final String MANUAL = "Manual";
    static final String SOURCE_CAMPAIGN = "sourceCampaign";

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
            builder("description", FieldType.LONG_TEXT).label("Description").build(),
            // A/B test: used when the campaign has variants (see AbTests).
            builder("testShare", FieldType.INTEGER).label("A/B test share (%)").minValue(BigDecimal.ONE).maxValue(BigDecimal.valueOf(100)).build(),
            builder("testWindow", FieldType.TEXT).label("A/B test window").maxLength(40).build(),
            builder("winnerMetric", FieldType.PICKLIST).label("A/B winner by").picklistValues(List.of(OPENS, CLICKS)).defaultValue(OPENS).build(),
            builder("winnerMode", FieldType.PICKLIST).label("A/B winner chosen").picklistValues(List.of(AUTOMATIC, MANUAL)).defaultValue(AUTOMATIC).build(),
            builder("testEndsAt", FieldType.DATE_TIME).label("A/B test ends").build()));

    /**
     * A variant of an A/B campaign: its own e-mail template (subject and/or content). Each variant goes to an even
     * share of the test recipients; the winner (set by the send, never by hand) goes to the rest.
     */
    static final RecordType VARIANTS = new RecordType(VARIANT, "campaignVariants", "Campaign variant", "Campaign variants", "name", List.of(
            builder("campaign", FieldType.REFERENCE).label("Campaign").referenceTo(CAMPAIGN).required(true)
                    .onDelete(DeleteRule.CASCADE).build(),
            builder("name", FieldType.TEXT).label("Name").maxLength(200).required(true).build(),
            builder("template", FieldType.REFERENCE).label("E-mail template").referenceTo(MailService.TEMPLATE_TYPE).required(true)
                    .onDelete(DeleteRule.RESTRICT).build(),
            builder("winner", FieldType.BOOLEAN).label("Winner").build())).childOf("campaign");

    private static final List<FieldDefinition> SOURCED = List.of(builder(SOURCE_CAMPAIGN, FieldType.REFERENCE).label("Source campaign")
            .referenceTo(CAMPAIGN).build());

    @Override
    public List<RecordType> recordTypes() {
        return List.of(CAMPAIGNS, VARIANTS);
    }

    @Override
    public Map<String, List<FieldDefinition>> fieldExtensions() {
        return Map.of("lead", SOURCED, "opportunity", SOURCED);
    }
}
