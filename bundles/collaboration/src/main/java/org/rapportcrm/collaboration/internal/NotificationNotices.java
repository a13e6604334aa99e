package org.rapportcrm.collaboration.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.cluster.ClusterChangeListener;

/** Notifications stored on another node reach the streams their users hold open on this one. */
@Component
public class NotificationNotices implements ClusterChangeListener {
    private final NotificationStore store;
    private final LiveStreams streams;

    @Activate
    public NotificationNotices(@Reference NotificationStore store, @Reference LiveStreams streams) {
        this.store = store;
        this.streams = streams;
    }

    @Override
    public Set<String> topics() {
        return Set.of(NotificationCenter.TOPIC);
    }

    @Override
    public void onChange(String topic, String payload) {
        List<Long> ids = new ArrayList<>();
        for (String pair : payload.split(" ")) {
            int colon = pair.lastIndexOf(':');
            if (colon > 0 && streams.hasStreams(pair.substring(0, colon))) {
                ids.add(Long.parseLong(pair.substring(colon + 1)));
            }
        }
        store.byIds(ids).forEach(streams::publish);
    }

    @Override
    public void onMissedChanges(Instant since) {
        // A client ignores an event id it has seen, so sending one twice is harmless; missing one is not.
        for (String user : streams.users()) {
            store.since(user, since, 500).forEach(streams::publish);
        }
    }
}
