package org.rapportcrm.collaboration.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.collaboration.internal.NotificationKinds.Kind;
import org.rapportcrm.collaboration.internal.NotificationKinds.Preference;
import org.rapportcrm.collaboration.internal.NotificationStore.Stored;
import org.rapportcrm.platform.api.cluster.ClusterChanges;
import org.rapportcrm.platform.api.notification.Notification;
import org.rapportcrm.platform.api.notification.NotificationService;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.User;

/**
 * The platform's {@link NotificationService}: stores one notification per recipient, then pushes it to the recipient's
 * streams on this node and, through a cluster notice sent with the same commit, on every other node.
 */
@Component(service = {NotificationService.class, NotificationCenter.class})
public class NotificationCenter implements NotificationService {
    /** Cluster topic; payload: {@code userId:notificationId} pairs separated by spaces. */
    static final String TOPIC = "collaboration.notifications";

    private final NotificationStore store;
    private final NotificationKinds kinds;
    private final Directory directory;
    private final RecordService records;
    private final ClusterChanges cluster;
    private final LiveStreams streams;

    @Activate
    public NotificationCenter(@Reference NotificationStore store, @Reference NotificationKinds kinds, @Reference Directory directory,
            @Reference RecordService records, @Reference ClusterChanges cluster, @Reference LiveStreams streams) {
        this.store = store;
        this.kinds = kinds;
        this.directory = directory;
        this.records = records;
        this.cluster = cluster;
        this.streams = streams;
    }

    @Override
    public int notify(Notification notification) {
        return deliver(notification, null);
    }

    /**
     * As {@link #notify}; with a {@code sourceKey}, a recipient who already got a notification of that key (the same
     * outbox entry given again) is not told twice.
     */
    int deliver(Notification n, String sourceKey) {
        Kind kind = kinds.kind(n.kind()).orElseThrow(() -> new IllegalArgumentException("Unknown notification kind: " + n.kind()));
        Map<String, User> active = directory.activeUsers();
        Set<String> recipients = new LinkedHashSet<>(n.userIds());
        recipients.addAll(directory.members(n.teamIds(), active));
        recipients.remove(n.actorId());
        List<User> told = new ArrayList<>();
        List<Preference> preferences = new ArrayList<>();
        for (String id : recipients) {
            User user = active.get(id);
            if (user == null) {
                continue;
            }
            Preference p = NotificationKinds.effective(kind, store.preferences(id));
            if (!p.any() || n.recordId() != null && !directory.canRead(user, n.recordType(), n.recordId())
                    || sourceKey != null && store.exists(id, sourceKey)) {
                continue;
            }
            told.add(user);
            preferences.add(p);
        }
        if (told.isEmpty()) {
            return 0;
        }
        Instant now = Instant.now();
        List<Stored> stored = records.inTransaction(() -> {
            List<Stored> made = new ArrayList<>();
            for (int i = 0; i < told.size(); i++) {
                User u = told.get(i);
                long id = store.insert(u.id(), n.kind(), n.title(), n.body(), n.recordType(), n.recordId(), n.actorId(), now,
                        preferences.get(i), sourceKey);
                if (preferences.get(i).inApp()) {
                    made.add(new Stored(id, u.id(), n.kind(), n.title(), n.body(), n.recordType(), n.recordId(), n.actorId(), now, null));
                }
            }
            noticesOf(made).forEach(payload -> cluster.publish(TOPIC, payload));
            return made;
        });
        stored.forEach(streams::publish);
        return told.size();
    }

    /** The notices that tell other nodes which users got which notifications, each within the payload limit. */
    static List<String> noticesOf(List<Stored> stored) {
        List<String> notices = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (Stored s : stored) {
            String pair = s.userId() + ":" + s.id();
            if (b.length() > 0 && b.toString().getBytes(StandardCharsets.UTF_8).length + pair.length() + 1 > ClusterChanges.MAX_PAYLOAD_BYTES - 100) {
                notices.add(b.toString());
                b.setLength(0);
            }
            b.append(b.length() == 0 ? "" : " ").append(pair);
        }
        if (b.length() > 0) {
            notices.add(b.toString());
        }
        return notices;
    }
}
