package org.rapportcrm.service.surveys.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.math.BigDecimal;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.service.api.Cases;

/**
 * Surveys are settings (administrators and the manage-settings permission define them); their responses are kept by
 * the capability itself (SYSTEM kind): created when an invitation goes out, answered only through the single-use link,
 * so what a response says can be trusted. A response refers to its contact and, for CSAT, its case, so both pages
 * list it; erasing the contact erases its answers.
 */
@Component
public class SurveyTypes implements RecordTypeProvider {
    public static final String SURVEY = "survey";
    public static final String RESPONSE = "surveyResponse";
    public static final String CSAT = "CSAT";
    public static final String NPS = "NPS";
    public static final String SENT = "Sent";
    public static final String ANSWERED = "Answered";
    public static final String NOT_SENT = "Not sent";
    public static final String SENDING = "Sending";
    public static final String DONE = "Sent to audience";

    static final RecordType SURVEY_TYPE = new RecordType(SURVEY, "surveys", "Survey", "Surveys", "name", List.of(
            builder("name", FieldType.TEXT).label("Name").maxLength(200).required(true).unique(true).searchable(true).build(),
            builder("kind", FieldType.PICKLIST).label("Kind").picklistValues(List.of(CSAT, NPS)).required(true).build(),
            builder("question", FieldType.TEXT).label("Question").maxLength(500).build(),
            builder("subject", FieldType.TEXT).label("E-mail subject").maxLength(255).required(true).build(),
            builder("introduction", FieldType.LONG_TEXT).label("E-mail introduction").build(),
            builder("active", FieldType.BOOLEAN).label("Active").defaultValue(true).build(),
            // CSAT: invite the contact of every case that closes.
            builder("sendOnCaseClose", FieldType.BOOLEAN).label("Send when a case closes").defaultValue(false).build(),
            // NPS: the contacts to invite, in the lists' filter language (country eq 'Germany'); empty for every contact.
            builder("audience", FieldType.TEXT).label("Contacts to invite (filter)").maxLength(1000).build(),
            // Survey fatigue: a contact invited by this survey is not invited again within these days.
            builder("quietDays", FieldType.INTEGER).label("Days before a contact is asked again").minValue(BigDecimal.ZERO)
                    .maxValue(BigDecimal.valueOf(3650)).defaultValue(7).build(),
            builder("linkValidDays", FieldType.INTEGER).label("Links valid for (days)").minValue(BigDecimal.ONE)
                    .maxValue(BigDecimal.valueOf(365)).defaultValue(30).build(),
            builder("sendState", FieldType.PICKLIST).label("Sending").picklistValues(List.of(NOT_SENT, SENDING, DONE)).defaultValue(NOT_SENT).build(),
            // NPS: how many times it was sent to its audience; each time is a new wave of invitations.
            builder("wave", FieldType.INTEGER).label("Waves sent").defaultValue(0).build(),
            builder("invited", FieldType.INTEGER).label("Invited").defaultValue(0).build()))
            .withKind(RecordType.Kind.CONFIGURATION);

    static final RecordType RESPONSE_TYPE = new RecordType(RESPONSE, "surveyResponses", "Survey response", "Survey responses", "contact", List.of(
            builder("survey", FieldType.REFERENCE).label("Survey").referenceTo(SURVEY).required(true).onDelete(DeleteRule.RESTRICT).indexed(true).build(),
            builder("kind", FieldType.PICKLIST).label("Kind").picklistValues(List.of(CSAT, NPS)).required(true).build(),
            builder("contact", FieldType.REFERENCE).label("Contact").referenceTo("contact").required(true).onDelete(DeleteRule.CASCADE).build(),
            builder("case", FieldType.REFERENCE).label("Case").referenceTo(Cases.TYPE).onDelete(DeleteRule.CASCADE).build(),
            builder("email", FieldType.EMAIL).label("Sent to").build(),
            builder("status", FieldType.PICKLIST).label("Status").picklistValues(List.of(SENT, ANSWERED)).required(true).defaultValue(SENT).build(),
            builder("score", FieldType.INTEGER).label("Score").minValue(BigDecimal.ZERO).maxValue(BigDecimal.TEN).build(),
            builder("rating", FieldType.PICKLIST).label("Rating").picklistValues(Scores.RATINGS).build(),
            builder("comment", FieldType.LONG_TEXT).label("Comment").build(),
            builder("sentAt", FieldType.DATE_TIME).label("Sent").indexed(true).build(),
            builder("answeredAt", FieldType.DATE_TIME).label("Answered").indexed(true).build(),
            builder("expiresAt", FieldType.DATE_TIME).label("Link expires").build(),
            builder("mailId", FieldType.TEXT).label("Message id").maxLength(255).build(),
            // The SHA-256 of the link's secret: the link itself is never stored, so reading responses forges no answer.
            builder("tokenHash", FieldType.TEXT).label("Link (hashed)").maxLength(64).unique(true).build(),
            // One invitation per survey and case (CSAT) or survey, contact and wave (NPS): a retried send makes no second one.
            builder("invitationKey", FieldType.TEXT).label("Invitation").maxLength(120).unique(true).build()))
            .withKind(RecordType.Kind.SYSTEM);

    @Override
    public List<RecordType> recordTypes() {
        return List.of(SURVEY_TYPE, RESPONSE_TYPE);
    }
}
