package org.rapportcrm.platform.api.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: a part of the platform or of a capability that can tell whether it works, such as the database,
 * the search index or a mail connection. Readiness asks every registered check on every health request, so a check
 * answers from state it already has (no network round trip, no heavy query) and never throws.
 *
 * <pre>
 * &#64;Component
 * public class MailboxHealth implements HealthCheck {
 *     public String name() { return "mailbox"; }
 *     public HealthStatus check() {
 *         return poller.lastError() == null ? HealthStatus.up("polled " + poller.lastPoll())
 *                 : HealthStatus.down("cannot sign in to the mailbox: " + poller.lastError());
 *     }
 * }
 * </pre>
 */
@ConsumerType
public interface HealthCheck {
    /** A short name for health answers, such as "search index". */
    String name();

    HealthStatus check();
}
