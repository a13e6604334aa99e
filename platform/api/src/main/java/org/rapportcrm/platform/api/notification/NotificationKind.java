package org.rapportcrm.platform.api.notification;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: a kind of notification a capability sends, so users can choose how they hear of it.
 *
 * <pre>
 * &#64;Component
 * public class CaseEscalated implements NotificationKind {
 *     public String id() { return "service.case-escalated"; }
 *     public String label() { return "A case I own was escalated"; }
 * }
 * </pre>
 */
@ConsumerType
public interface NotificationKind {
    /** Unique and stable, prefixed by the capability. */
    String id();

    String label();

    /** Whether it is sent by e-mail (in the digest) to a user who has not chosen. */
    default boolean emailByDefault() {
        return false;
    }
}
