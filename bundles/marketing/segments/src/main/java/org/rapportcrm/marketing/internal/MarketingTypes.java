package org.rapportcrm.marketing.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;

/**
 * The record types of marketing. Segments are business records (marketers build them; their members live in the
 * capability's own table, see {@link MembershipStore}); consent purposes are settings; consent entries are a ledger
 * that only the capability's code writes (kind SYSTEM: the API cannot rewrite history), shown on the contact's page.
 */
@Component
public class MarketingTypes implements RecordTypeProvider {
    /** Long enough for any filter a person builds in the console. */
    static final int FILTER_LENGTH = 2000;

    static final RecordType SEGMENT = new RecordType(Marketing.SEGMENT, Marketing.SEGMENTS, "Segment", "Segments", "name", List.of(
            builder("name", FieldType.TEXT).label("Name").maxLength(200).required(true).searchable(true).build(),
            builder("segmentType", FieldType.PICKLIST).label("Type").picklistValues(Marketing.SEGMENT_KINDS).required(true)
                    .defaultValue(Marketing.DYNAMIC).build(),
            // In the lists' language, over the contact's fields; empty means every contact.
            builder("filter", FieldType.TEXT).label("Contact filter").maxLength(FILTER_LENGTH).build(),
            // In the lists' language, over the fields of the contact's account; empty means any (or no) account.
            builder("accountFilter", FieldType.TEXT).label("Account filter").maxLength(FILTER_LENGTH).build(),
            builder("description", FieldType.LONG_TEXT).label("Description").build(),
            // Touched by every hand-made change of a static list, so it is permission-checked and audited as a change of the segment.
            builder("membersChangedAt", FieldType.DATE_TIME).label("Members changed").build()));

    static final RecordType CONSENT_PURPOSE = new RecordType(Marketing.CONSENT_PURPOSE, "consentPurposes", "Consent purpose",
            "Consent purposes", "name", List.of(
                    builder("name", FieldType.TEXT).label("Name").maxLength(200).required(true).unique(true).build(),
                    builder("description", FieldType.LONG_TEXT).label("Description").build(),
                    builder("consentText", FieldType.LONG_TEXT).label("Text shown").build(),
                    builder("active", FieldType.BOOLEAN).label("Active").defaultValue(true).build()))
            .withKind(RecordType.Kind.CONFIGURATION);

    static final RecordType CONSENT_ENTRY = new RecordType(Marketing.CONSENT_ENTRY, "consentEntries", "Consent", "Consents", "summary",
            List.of(
                    builder("summary", FieldType.TEXT).label("Consent").maxLength(300).build(),
                    builder("contact", FieldType.REFERENCE).label("Contact").referenceTo("contact").required(true).indexed(true).build(),
                    builder("purpose", FieldType.REFERENCE).label("Purpose").referenceTo(Marketing.CONSENT_PURPOSE).required(true)
                            .onDelete(DeleteRule.RESTRICT).build(),
                    builder("channel", FieldType.PICKLIST).label("Channel").picklistValues(Marketing.CHANNELS).required(true).build(),
                    builder("status", FieldType.PICKLIST).label("Status").picklistValues(Marketing.CONSENT_STATUSES).required(true).build(),
                    builder("source", FieldType.TEXT).label("Source").maxLength(200).build(),
                    builder("shownText", FieldType.LONG_TEXT).label("Text shown").build(),
                    builder("recordedAt", FieldType.DATE_TIME).label("Recorded").required(true).build(),
                    // For a confirmation: the pending entry it confirms, so each confirmation link works once.
                    builder("confirms", FieldType.TEXT).label("Confirms").maxLength(36).build()))
            .withKind(RecordType.Kind.SYSTEM).childOf("contact");

    @Override
    public List<RecordType> recordTypes() {
        return List.of(SEGMENT, CONSENT_PURPOSE, CONSENT_ENTRY);
    }
}
