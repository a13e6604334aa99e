package org.rapportcrm.collaboration.internal;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event streams open on this node, by user. Publishing only queues (see {@link StreamClient}), so a slow or dead
 * connection delays nobody else; a heartbeat comment keeps proxies from cutting idle streams and finds dead ones.
 */
final class StreamHub {
    static final byte[] HEARTBEAT = ": hb\n\n".getBytes(StandardCharsets.UTF_8);
    private final ConcurrentHashMap<String, Set<StreamClient>> byUser = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();

    void add(StreamClient client) {
        byUser.computeIfAbsent(client.userId, k -> ConcurrentHashMap.newKeySet()).add(client);
    }

    void remove(StreamClient client) {
        byUser.computeIfPresent(client.userId, (k, set) -> {
            set.remove(client);
            return set.isEmpty() ? null : set;
        });
    }

    boolean hasStreams(String userId) {
        return byUser.containsKey(userId);
    }

    Set<String> users() {
        return Set.copyOf(byUser.keySet());
    }

    /** Queues the event on every stream of the user; answers how many took it. */
    int publish(String userId, byte[] event) {
        Set<StreamClient> clients = byUser.get(userId);
        if (clients == null) {
            return 0;
        }
        int delivered = 0;
        for (StreamClient c : clients) {
            if (c.offer(event)) {
                delivered++;
            } else {
                dropped.incrementAndGet();
            }
        }
        return delivered;
    }

    void heartbeat() {
        byUser.values().forEach(clients -> clients.forEach(c -> c.offer(HEARTBEAT)));
    }

    void closeAll() {
        byUser.values().forEach(clients -> clients.forEach(StreamClient::close));
        byUser.clear();
    }

    int streams() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }

    /** Streams closed because their reader fell too far behind. */
    long dropped() {
        return dropped.get();
    }

    /** One event in the text/event-stream format; the id lets a reconnecting client resume with Last-Event-ID. */
    static byte[] event(long id, String name, String json) {
        return ("id: " + id + "\nevent: " + name + "\ndata: " + json.replace("\n", "\ndata: ") + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
