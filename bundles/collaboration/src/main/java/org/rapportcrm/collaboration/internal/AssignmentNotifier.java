package org.rapportcrm.collaboration.internal;

import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.notification.Notification;
import org.rapportcrm.platform.api.outbox.OutboxConsumer;
import org.rapportcrm.platform.api.outbox.OutboxEntry;

/**
 * Tells a user when a record becomes theirs through someone else (created for them, or its owner changed), read from
 * the durable outbox so that no owner change is missed, even across a crash. An entry given again tells nobody twice.
 */
@Component
public class AssignmentNotifier implements OutboxConsumer {
    private final NotificationCenter notifications;
    private final Directory directory;

    @Activate
    public AssignmentNotifier(@Reference NotificationCenter notifications, @Reference Directory directory) {
        this.notifications = notifications;
        this.directory = directory;
    }

    @Override
    public String name() {
        return "collaboration.assignments";
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of();
    }

    @Override
    public void consume(List<OutboxEntry> batch) {
        for (OutboxEntry e : batch) {
            String owner = newOwner(e);
            if (owner != null) {
                String what = directory.describe(e.recordType(), e.recordId(), e.values());
                String by = e.actorId() == null ? "" : " by " + directory.activeUsers().values().stream()
                        .filter(u -> u.id().equals(e.actorId())).findFirst().map(Directory::nameOf).orElse("someone");
                notifications.deliver(new Notification(Notification.ASSIGNMENT, what + " was assigned to you" + by, "",
                        e.recordType(), e.recordId(), e.actorId(), Set.of(owner), Set.of()), "outbox:" + e.sequence());
            }
        }
    }

    /** The user the change made the record's owner, if someone else than that user made it. */
    static String newOwner(OutboxEntry e) {
        boolean ownerSet = RecordEvents.CREATED.equals(e.kind())
                || RecordEvents.UPDATED.equals(e.kind()) && e.changedFields().contains("owner");
        Object owner = e.values().get("owner");
        if (!ownerSet || !(owner instanceof String id) || id.equals(e.actorId())) {
            return null;
        }
        return id;
    }
}
