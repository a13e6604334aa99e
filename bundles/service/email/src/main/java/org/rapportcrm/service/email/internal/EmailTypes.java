package org.rapportcrm.service.email.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.service.api.CaseMessages;
import org.rapportcrm.service.api.Cases;

/**
 * The record types of e-mail to case: which platform mailboxes feed cases and with what defaults (settings), the
 * messages of each case's thread (a child of the case, so they go with it) and the canned replies agents insert.
 */
@Component
public class EmailTypes implements RecordTypeProvider {
    public static final String MAILBOX = "serviceMailbox";
    public static final String MACRO = "replyMacro";
    public static final String EMAIL_TEMPLATE = "emailTemplate";

    static final RecordType MAILBOX_TYPE = new RecordType(MAILBOX, "serviceMailboxes", "Service mailbox", "Service mailboxes", "name", List.of(
            // The name of an org.rapportcrm.mail.inbox configuration, as IncomingMail.mailbox() gives it.
            builder("name", FieldType.TEXT).label("Mailbox (configuration name)").maxLength(100).required(true).unique(true).build(),
            builder("address", FieldType.EMAIL).label("Address customers write to").required(true).build(),
            builder("displayName", FieldType.TEXT).label("Sender name").maxLength(200).build(),
            builder("queue", FieldType.REFERENCE).label("Queue").referenceTo("queue").onDelete(DeleteRule.RESTRICT).build(),
            builder("priority", FieldType.PICKLIST).label("Priority").picklistValues(Cases.PRIORITIES).defaultValue("Medium").build(),
            // Sent to the sender of a new case (filled for the case); empty for no acknowledgement.
            builder("acknowledgementTemplate", FieldType.REFERENCE).label("Acknowledgement template").referenceTo(EMAIL_TEMPLATE)
                    .onDelete(DeleteRule.SET_NULL).build(),
            builder("active", FieldType.BOOLEAN).label("Active").defaultValue(true).build()))
            .withKind(RecordType.Kind.CONFIGURATION);

    static final RecordType MESSAGE_TYPE = new RecordType(CaseMessages.TYPE, CaseMessages.PLURAL, "Case message", "Case messages",
            CaseMessages.SUBJECT, List.of(
            builder(CaseMessages.CASE, FieldType.REFERENCE).label("Case").referenceTo(Cases.TYPE).required(true).onDelete(DeleteRule.CASCADE).build(),
            builder(CaseMessages.DIRECTION, FieldType.PICKLIST).label("Direction").picklistValues(CaseMessages.DIRECTIONS).required(true).build(),
            builder(CaseMessages.KIND, FieldType.PICKLIST).label("Kind").picklistValues(CaseMessages.KINDS).required(true)
                    .defaultValue(CaseMessages.MESSAGE).build(),
            builder(CaseMessages.MESSAGE_ID, FieldType.TEXT).label("Message-ID").maxLength(998).unique(true).build(),
            builder("mailbox", FieldType.TEXT).label("Mailbox").maxLength(100).build(),
            builder(CaseMessages.FROM, FieldType.TEXT).label("From").maxLength(254).indexed(true).build(),
            builder(CaseMessages.FROM_NAME, FieldType.TEXT).label("From (name)").maxLength(200).build(),
            builder(CaseMessages.TO, FieldType.TEXT).label("To").maxLength(4000).build(),
            builder(CaseMessages.CC, FieldType.TEXT).label("Cc").maxLength(4000).build(),
            builder(CaseMessages.SUBJECT, FieldType.TEXT).label("Subject").maxLength(998).build(),
            builder(CaseMessages.TEXT, FieldType.LONG_TEXT).label("Text").build(),
            builder(CaseMessages.HTML, FieldType.LONG_TEXT).label("HTML (sanitised)").build(),
            builder(CaseMessages.SENT_AT, FieldType.DATE_TIME).label("Sent").indexed(true).build(),
            builder(CaseMessages.ATTACHMENTS, FieldType.TEXT).label("Attachments (file ids)").maxLength(4000).build(),
            // For a bounce: what the mail server reported ("failed 5.1.1 jane@example.org: 550 User unknown").
            builder("deliveryStatus", FieldType.TEXT).label("Delivery status").maxLength(2000).build(),
            // For an agent's reply: who sent it (the message itself is written by the capability once it is sent).
            builder("sentBy", FieldType.TEXT).label("Sent by (user id)").maxLength(36).build()))
            .childOf(CaseMessages.CASE).withKind(RecordType.Kind.SYSTEM);

    static final RecordType MACRO_TYPE = new RecordType(MACRO, "replyMacros", "Reply macro", "Reply macros", "name", List.of(
            builder("name", FieldType.TEXT).label("Name").maxLength(200).required(true).unique(true).build(),
            // An e-mail template (Pebble) filled for the case: {{ record.caseNumber }}, {{ sender.name }}.
            builder("template", FieldType.REFERENCE).label("E-mail template").referenceTo(EMAIL_TEMPLATE).required(true)
                    .onDelete(DeleteRule.CASCADE).build(),
            builder("statusAfter", FieldType.PICKLIST).label("Status after the reply").picklistValues(Cases.STATUSES).build(),
            builder("active", FieldType.BOOLEAN).label("Active").defaultValue(true).build()))
            .withKind(RecordType.Kind.CONFIGURATION);

    @Override
    public List<RecordType> recordTypes() {
        return List.of(MAILBOX_TYPE, MESSAGE_TYPE, MACRO_TYPE);
    }
}
