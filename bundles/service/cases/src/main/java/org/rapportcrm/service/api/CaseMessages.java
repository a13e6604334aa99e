package org.rapportcrm.service.api;

import java.util.List;

/**
 * The e-mail thread of a case as other capabilities read it (the portal shows it, surveys and KPIs count it): one
 * {@value #TYPE} record per message in or out, a child of its case, written by the service e-mail bundle. A message's
 * files are stored with its case ({@code FileService}); {@value #ATTACHMENTS} lists their ids.
 *
 * @since 1.1
 */
public final class CaseMessages {
    public static final String TYPE = "caseMessage";
    public static final String PLURAL = "caseMessages";

    public static final String CASE = "case";
    public static final String DIRECTION = "direction";
    public static final String KIND = "kind";
    public static final String MESSAGE_ID = "messageId";
    public static final String FROM = "fromAddress";
    public static final String FROM_NAME = "fromName";
    public static final String TO = "toAddresses";
    public static final String CC = "ccAddresses";
    public static final String SUBJECT = "subject";
    public static final String TEXT = "textBody";
    public static final String HTML = "htmlBody";
    public static final String SENT_AT = "sentAt";
    public static final String ATTACHMENTS = "attachments";

    public static final String INBOUND = "Inbound";
    public static final String OUTBOUND = "Outbound";
    public static final List<String> DIRECTIONS = List.of(INBOUND, OUTBOUND);

    /** A person's message: the customer's, or an agent's reply. */
    public static final String MESSAGE = "Message";
    /** The automatic acknowledgement of a new case. */
    public static final String ACKNOWLEDGEMENT = "Acknowledgement";
    /** An automated message threaded into the case (an out-of-office reply): kept, but it changes nothing. */
    public static final String AUTOMATED = "Automated";
    /** A delivery status notification (RFC 3464) about one of the case's outgoing messages. */
    public static final String BOUNCE = "Bounce";
    public static final List<String> KINDS = List.of(MESSAGE, ACKNOWLEDGEMENT, AUTOMATED, BOUNCE);

    private CaseMessages() {
    }
}
