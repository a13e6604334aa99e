package org.rapportcrm.collaboration.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.collaboration.internal.NotificationStore.Stored;

/**
 * The notification streams open on this node and their heartbeat. The heartbeat thread is the only thread of the
 * capability: it keeps connections alive and holds no durable work.
 */
@Component(service = LiveStreams.class, configurationPid = CollaborationConfig.PID)
@Designate(ocd = CollaborationConfig.class)
public class LiveStreams {
    static final String EVENT = "notification";
    private final ObjectMapper json = new ObjectMapper();
    private final StreamHub hub = new StreamHub();
    private final ScheduledExecutorService heartbeat;
    private final int queueLimit;

    @Activate
    public LiveStreams(CollaborationConfig config) {
        this.queueLimit = Math.max(8, config.streamQueueLimit());
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rapport-notification-heartbeat");
            t.setDaemon(true);
            return t;
        });
        int seconds = Math.max(1, config.heartbeatSeconds());
        heartbeat.scheduleWithFixedDelay(hub::heartbeat, seconds, seconds, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        heartbeat.shutdownNow();
        hub.closeAll();
    }

    StreamClient open(String userId, StreamClient.Sink sink) {
        StreamClient client = new StreamClient(userId, sink, queueLimit, hub::remove);
        hub.add(client);
        return client;
    }

    boolean hasStreams(String userId) {
        return hub.hasStreams(userId);
    }

    java.util.Set<String> users() {
        return hub.users();
    }

    /** Pushes a stored notification to its user's streams on this node. */
    void publish(Stored notification) {
        if (hub.hasStreams(notification.userId())) {
            hub.publish(notification.userId(), event(notification));
        }
    }

    byte[] event(Stored notification) {
        try {
            return StreamHub.event(notification.id(), EVENT, json.writeValueAsString(notification.toJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    int streams() {
        return hub.streams();
    }
}
