package org.rapportcrm.platform.mail.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;

/**
 * The mail service's records: e-mail templates (settings administrators write), the outgoing queue with each
 * message's status, and the ids of handled incoming messages. The queue and the handled ids are the platform's own
 * bookkeeping ({@link RecordType.Kind#INTERNAL}): their tables come and grow with the metadata like every type's, they
 * are written in the caller's transaction (a message is queued only if the caller's work commits), and nobody reads
 * or writes them through the API: a message's bodies and Bcc are shown only to those who may read its record
 * ({@code GET /api/v1/mail/messages}).
 */
@Component
public class MailTypes implements RecordTypeProvider {
    static final String TEMPLATE = MailService.TEMPLATE_TYPE;
    static final String MESSAGE = "mailMessage";
    static final String RECEIVED = "mailReceipt";
    static final String QUEUED = "Queued";
    static final String SENT = "Sent";
    static final String FAILED = "Failed";

    static final RecordType TEMPLATES = new RecordType(TEMPLATE, "emailTemplates", "E-mail template", "E-mail templates", "name", List.of(
            builder("name", FieldType.TEXT).label("Name").required(true).unique(true).maxLength(200).build(),
            builder("recordType", FieldType.TEXT).label("Written for records of type (api name; empty: any)").maxLength(64).build(),
            builder("subject", FieldType.TEXT).label("Subject").required(true).maxLength(998).build(),
            builder("htmlBody", FieldType.LONG_TEXT).label("HTML body").build(),
            builder("textBody", FieldType.LONG_TEXT).label("Text body").build()))
            .withKind(RecordType.Kind.CONFIGURATION);

    static final RecordType MESSAGES = new RecordType(MESSAGE, "mailMessages", "Mail message", "Mail messages", "subject", List.of(
            builder("messageId", FieldType.TEXT).label("Message-ID").required(true).unique(true).maxLength(255).build(),
            builder("subject", FieldType.TEXT).label("Subject").maxLength(998).build(),
            builder("fromAddress", FieldType.TEXT).label("From").maxLength(400).build(),
            builder("replyTo", FieldType.LONG_TEXT).label("Reply-To").build(),
            builder("toAddresses", FieldType.LONG_TEXT).label("To").build(),
            builder("ccAddresses", FieldType.LONG_TEXT).label("Cc").build(),
            builder("bccAddresses", FieldType.LONG_TEXT).label("Bcc").build(),
            builder("envelopeFrom", FieldType.TEXT).label("Envelope sender").maxLength(254).build(),
            builder("textBody", FieldType.LONG_TEXT).label("Text body").build(),
            builder("htmlBody", FieldType.LONG_TEXT).label("HTML body").build(),
            builder("headers", FieldType.LONG_TEXT).label("Extra headers (JSON)").build(),
            builder("attachments", FieldType.TEXT).label("Attached file ids").maxLength(4000).build(),
            builder("relatedType", FieldType.TEXT).label("About record type").maxLength(64).build(),
            builder("relatedId", FieldType.TEXT).label("About record").maxLength(36).indexed(true).build(),
            builder("status", FieldType.PICKLIST).label("Status").picklistValues(List.of(QUEUED, SENT, FAILED)).defaultValue(QUEUED).build(),
            builder("attempts", FieldType.INTEGER).label("Attempts").defaultValue(0L).build(),
            builder("lastReply", FieldType.TEXT).label("Last reply of the server").maxLength(1000).build(),
            builder("sentAt", FieldType.DATE_TIME).label("Sent at").build(),
            // Bulk mail: never sent twice, so a send a dying node left in doubt is not repeated (OutgoingMail.atMostOnce).
            builder("atMostOnce", FieldType.BOOLEAN).label("At most once").build(),
            // Queued together (MailService.sendAll): one send task delivers the batch's messages over one connection.
            builder("batch", FieldType.TEXT).label("Send batch").maxLength(36).indexed(true).build()))
            .withKind(RecordType.Kind.INTERNAL);

    static final RecordType RECEIVED_IDS = new RecordType(RECEIVED, "mailReceipts", "Handled incoming message", "Handled incoming messages",
            "messageKey", List.of(
            // mailbox + ' ' + Message-ID: unique, so a message is handled once per mailbox whatever the nodes do.
            builder("messageKey", FieldType.TEXT).label("Mailbox and Message-ID").required(true).unique(true).maxLength(400).build(),
            builder("mailbox", FieldType.TEXT).label("Mailbox").maxLength(100).build(),
            builder("messageId", FieldType.TEXT).label("Message-ID").maxLength(300).build(),
            builder("subject", FieldType.TEXT).label("Subject").maxLength(998).build()))
            .withKind(RecordType.Kind.INTERNAL);

    @Override
    public List<RecordType> recordTypes() {
        return List.of(TEMPLATES, MESSAGES, RECEIVED_IDS);
    }
}
