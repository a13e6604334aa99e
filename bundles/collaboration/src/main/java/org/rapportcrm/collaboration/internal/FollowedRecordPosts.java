package org.rapportcrm.collaboration.internal;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.notification.NotificationKind;

/** Posts and comments on records the user follows (records they own, unless they unfollowed them). */
@Component
public class FollowedRecordPosts implements NotificationKind {
    static final String ID = "collaboration.followed-post";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String label() {
        return "Someone posts on a record I follow";
    }
}
