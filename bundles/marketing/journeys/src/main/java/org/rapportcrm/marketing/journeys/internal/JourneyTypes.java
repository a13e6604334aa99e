package org.rapportcrm.marketing.journeys.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;

/**
 * The journey record type: what starts it, whether a contact may go through it again, and its steps as a small graph
 * in JSON ({@link JourneyGraph}). Where each contact is lives in the capability's own tables ({@link EnrolmentStore}).
 */
@Component
public class JourneyTypes implements RecordTypeProvider {
    static final String JOURNEY = "journey";

    static final String DRAFT = "Draft";
    static final String ACTIVE = "Active";
    static final String PAUSED = "Paused";
    static final String ENDED = "Ended";
    static final List<String> STATUSES = List.of(DRAFT, ACTIVE, PAUSED, ENDED);

    /** A contact entering the journey's segment. */
    static final String SEGMENT_ENTRY = "Segment entry";
    /** A date field of the contact reaching today, give or take the offset in days. */
    static final String DATE_FIELD = "Date field";
    /**
     * A submission of the sales capability's web form {@code webForm} (its form key), once the submission is about a
     * contact: see {@link FormSubmissionTrigger}.
     */
    static final String FORM_SUBMISSION = "Form submission";
    static final List<String> TRIGGERS = List.of(SEGMENT_ENTRY, DATE_FIELD, FORM_SUBMISSION);

    /** A contact goes through the journey once. */
    static final String ONCE = "Once";
    /** Again, once the previous time has ended. */
    static final String AFTER_EXIT = "After exit";
    static final List<String> REENTRY = List.of(ONCE, AFTER_EXIT);

    static final RecordType JOURNEYS = new RecordType(JOURNEY, "journeys", "Journey", "Journeys", "name", List.of(
            builder("name", FieldType.TEXT).label("Name").maxLength(200).required(true).searchable(true).build(),
            builder("status", FieldType.PICKLIST).label("Status").picklistValues(STATUSES).required(true).defaultValue(DRAFT).build(),
            builder("trigger", FieldType.PICKLIST).label("Starts when").picklistValues(TRIGGERS).required(true).defaultValue(SEGMENT_ENTRY).build(),
            builder("segment", FieldType.REFERENCE).label("Segment").referenceTo(Marketing.SEGMENT).onDelete(DeleteRule.RESTRICT).build(),
            // The api name of a date field of contacts, and how many days after it (negative: before) the journey starts.
            builder("dateField", FieldType.TEXT).label("Date field").maxLength(100).build(),
            builder("dateOffsetDays", FieldType.INTEGER).label("Days after the date").defaultValue(0).build(),
            // The form key of the web form whose submissions start the journey (the sales capability's webForm.formKey).
            builder("webForm", FieldType.TEXT).label("Web form").maxLength(64).build(),
            builder("reentry", FieldType.PICKLIST).label("Re-entry").picklistValues(REENTRY).required(true).defaultValue(ONCE).build(),
            // When set, the journey's e-mails go only to contacts whose consent for it is given, and a withdrawal exits them.
            builder("consentPurpose", FieldType.REFERENCE).label("Consent purpose").referenceTo(Marketing.CONSENT_PURPOSE)
                    .onDelete(DeleteRule.RESTRICT).build(),
            builder("steps", FieldType.LONG_TEXT).label("Steps (JSON)").build(),
            builder("activatedAt", FieldType.DATE_TIME).label("Activated").build(),
            builder("description", FieldType.LONG_TEXT).label("Description").build()));

    @Override
    public List<RecordType> recordTypes() {
        return List.of(JOURNEYS);
    }
}
