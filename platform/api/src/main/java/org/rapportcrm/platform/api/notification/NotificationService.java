package org.rapportcrm.platform.api.notification;

import org.osgi.annotation.versioning.ProviderType;

/** Delivers notifications to users' notification centres, live, and to their e-mail digests as they chose. */
@ProviderType
public interface NotificationService {
    /**
     * Stores one notification per recipient (the users, and the active members of the teams, without the actor) and
     * pushes it live to those signed in; a recipient who turned the kind off is skipped, and one who cannot read the
     * record it is about is never told of it. Returns once stored.
     *
     * @return how many users it was delivered to
     * @throws IllegalArgumentException if the kind is neither a standard one nor a registered {@link NotificationKind}
     */
    int notify(Notification notification);
}
