package org.rapportcrm.platform.api.mail;

import java.time.Instant;
import java.util.List;

/**
 * Where a queued message stands.
 *
 * @param messageId its {@code Message-ID} header, angle brackets included
 * @param attempts how often sending it was tried
 * @param lastReply the mail server's last answer ({@code 250 OK}, {@code 550 5.1.1 no such user}) or why the server
 *     could not be reached; null before the first try
 * @param sentAt when the server accepted it, or null
 */
public record MailStatus(String messageId, State state, int attempts, String lastReply, Instant queuedAt, Instant sentAt,
        String subject, List<String> to, String relatedType, String relatedId) {

    public enum State {
        /** Waiting to be sent (or retried after a temporary failure, or until mail is configured). */
        QUEUED,
        /** The mail server accepted it. */
        SENT,
        /** Refused for good (a permanent SMTP error, or too many failed attempts); {@code lastReply} says why. */
        FAILED
    }

    public MailStatus {
        to = List.copyOf(to);
    }
}
