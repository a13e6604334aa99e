package org.rapportcrm.platform.api.mail;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A message read from a configured mailbox, parsed once for every handler.
 *
 * @param mailbox the name of the mailbox it was read from (its configuration's {@code name})
 * @param messageId its {@code Message-ID} with angle brackets; for a message without one, an id the platform made
 *     from the mailbox and the message's place in it
 * @param inReplyTo the {@code In-Reply-To} id, or null
 * @param references the {@code References} ids, oldest first
 * @param from the sender, or null if the header is missing or unreadable
 * @param subject decoded, or an empty string
 * @param text the plain-text body (null if the message has only HTML)
 * @param html the HTML body made safe to show (scripts, event handlers, forms and remote frames removed), or null
 * @param headers every header by lower-case name, values unfolded and decoded as far as they are text, in order
 * @param deliveryReport for a bounce or delay report (RFC 3464), what it says; otherwise null
 */
public record IncomingMail(String mailbox, String messageId, String inReplyTo, List<String> references, MailAddress from,
        List<MailAddress> to, List<MailAddress> cc, String subject, Instant sentAt, String text, String html,
        List<IncomingAttachment> attachments, Map<String, List<String>> headers, DeliveryReport deliveryReport) {

    public IncomingMail {
        references = List.copyOf(references);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        attachments = List.copyOf(attachments);
        headers = Map.copyOf(headers);
    }

    /** The first value of a header (any case), if present. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The bounce or delay report this message is, if it is one. */
    public Optional<DeliveryReport> deliveryStatus() {
        return Optional.ofNullable(deliveryReport);
    }

    /**
     * Sent by a machine rather than a person (RFC 3834 {@code Auto-Submitted} other than {@code no}, a bulk or list
     * {@code Precedence}, a {@code List-Id}, or a bounce): never answer it automatically, or two robots mail each
     * other forever.
     */
    public boolean isAutomated() {
        if (deliveryReport != null || header("list-id").isPresent()) {
            return true;
        }
        String auto = header("auto-submitted").orElse("no").trim().toLowerCase(java.util.Locale.ROOT);
        String precedence = header("precedence").orElse("").trim().toLowerCase(java.util.Locale.ROOT);
        return !auto.startsWith("no") || List.of("bulk", "junk", "list").contains(precedence);
    }
}
