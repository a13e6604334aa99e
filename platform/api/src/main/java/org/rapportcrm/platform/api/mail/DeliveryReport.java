package org.rapportcrm.platform.api.mail;

import java.util.List;

/**
 * A delivery status notification (RFC 3464): a bounce or delay report a mail server sent back about one of our
 * messages.
 *
 * @param reportingMta the server that reports, as it names itself ({@code dns; mx.example.org}), or null
 * @param originalMessageId the {@code Message-ID} of our message, from the headers it returned, or null if it
 *     returned none
 * @param recipients what happened per recipient
 */
public record DeliveryReport(String reportingMta, String originalMessageId, List<Recipient> recipients) {
    public DeliveryReport {
        recipients = List.copyOf(recipients);
    }

    /**
     * One recipient's fate.
     *
     * @param finalRecipient the address the report is about, without its type ({@code rfc822;})
     * @param action {@code failed}, {@code delayed}, {@code delivered}, {@code relayed} or {@code expanded}
     * @param status the enhanced status code ({@code 5.1.1})
     * @param diagnosticCode the remote server's reply, or null
     */
    public record Recipient(String finalRecipient, String action, String status, String diagnosticCode) {
        /** Will never be delivered (a failure with a permanent status, 5.x.x): suppress the address. */
        public boolean isPermanentFailure() {
            return "failed".equalsIgnoreCase(action) && status != null && status.startsWith("5");
        }

        /** Failed for now or delayed (4.x.x): the server may still deliver it, or a later send may get through. */
        public boolean isTemporaryFailure() {
            return ("failed".equalsIgnoreCase(action) || "delayed".equalsIgnoreCase(action)) && status != null && status.startsWith("4");
        }
    }
}
