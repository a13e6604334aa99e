/**
 * Telling people of what concerns them: mentions, assignments, workflow rules and capability events end in one
 * notification centre per user (live in the console, read/unread, per-kind preferences, an e-mail digest). The
 * collaboration capability provides {@link org.rapportcrm.platform.api.notification.NotificationService}; others look
 * it up as an optional, dynamic reference and work without it.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.rapportcrm.platform.api.notification;
