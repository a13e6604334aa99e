package org.rapportcrm.bench.probe.internal;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The server's heap around a piece of work: what is live before (after a full collection), what every collection
 * during it found live and what the heap held when it began, and what is live after (another full collection). The
 * collections report themselves (JMX notifications), so nothing samples, and a heap that held an upload whole would
 * show it in the live figure of the collections during it.
 */
final class HeapWatch implements NotificationListener {
    private static final double MB = 1024.0 * 1024.0;
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final List<NotificationEmitter> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
            .filter(NotificationEmitter.class::isInstance).map(NotificationEmitter.class::cast).toList();
    private long baseline;
    private long maxLive;
    private long maxBefore;
    private int collections;
    private boolean watching;
    /** JVM uptime in ms when watching began: the full collection that began it reports itself later, and is not counted. */
    private long since;

    void open() {
        collectors.forEach(c -> c.addNotificationListener(this, null, null));
    }

    void close() {
        for (NotificationEmitter c : collectors) {
            try {
                c.removeNotificationListener(this);
            } catch (ListenerNotFoundException e) {
                // not added
            }
        }
    }

    /** Collects fully and starts watching. @return the live heap then */
    Map<String, Object> start() {
        long live = liveAfterFullCollection();
        synchronized (this) {
            since = ManagementFactory.getRuntimeMXBean().getUptime();
            baseline = live;
            maxLive = live;
            maxBefore = live;
            collections = 0;
            watching = true;
        }
        return figures(live);
    }

    /** Stops watching and collects fully. @return the figures from {@link #start()} on, with the live heap after */
    Map<String, Object> stop() {
        synchronized (this) {
            watching = false;
        }
        return figures(liveAfterFullCollection());
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long after = heapUsed(info.getGcInfo().getMemoryUsageAfterGc());
        long before = heapUsed(info.getGcInfo().getMemoryUsageBeforeGc());
        synchronized (this) {
            if (watching && info.getGcInfo().getStartTime() >= since) {
                maxLive = Math.max(maxLive, after);
                maxBefore = Math.max(maxBefore, before);
                collections++;
            }
        }
    }

    private long heapUsed(Map<String, MemoryUsage> byPool) {
        return byPool.entrySet().stream().filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
    }

    private synchronized Map<String, Object> figures(long liveNow) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("liveBeforeMb", baseline / MB);
        m.put("maxLiveDuringMb", maxLive / MB);
        m.put("maxUsedDuringMb", maxBefore / MB);
        m.put("collectionsDuring", collections);
        m.put("liveNowMb", liveNow / MB);
        m.put("heapMaxMb", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / MB);
        m.put("collectors", ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
        return m;
    }

    /** A full collection (the probe only ever runs in a benchmark), then the heap in use. */
    private static long liveAfterFullCollection() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
