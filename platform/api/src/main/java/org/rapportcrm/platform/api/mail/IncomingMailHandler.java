package org.rapportcrm.platform.api.mail;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: receives the messages of the configured mailboxes ({@code org.rapportcrm.mail.inbox} configurations)
 * as the platform reads them, on one node of the cluster, one message at a time per mailbox, in the order they
 * arrived. Service turns them into cases, marketing reads bounces from them.
 *
 * <p>A message counts as handled once every registered handler returned from {@link #handle}; if one throws, the
 * message (and those after it in its mailbox) is offered again at the next poll, to every handler. A handled message
 * is never offered again, even after a restart, as long as its {@code Message-ID} is the same; so delivery is at least
 * once and deduplicated: make handlers idempotent by the message id (a node may die between a handler's return and
 * the platform's note of it).
 *
 * <pre>
 * &#64;Component
 * public class EmailToCase implements IncomingMailHandler {
 *     public void handle(IncomingMail mail) {
 *         if (!"support".equals(mail.mailbox()) || mail.isAutomated()) return;
 *         ...
 *     }
 * }
 * </pre>
 */
@ConsumerType
public interface IncomingMailHandler {
    void handle(IncomingMail mail) throws Exception;
}
