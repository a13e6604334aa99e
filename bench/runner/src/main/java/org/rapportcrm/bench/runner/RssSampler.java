package org.rapportcrm.bench.runner;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Samples the server JVM's RSS and thread count every 250 ms in a daemon thread and keeps the maximum of each per phase
 * of the run.
 */
final class RssSampler {
    private final Server server;
    private final Map<String, Double> maxMbByPhase = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxThreadsByPhase = new ConcurrentHashMap<>();
    private volatile String phase = "boot";

    RssSampler(Server server) {
        this.server = server;
    }

    /** Samples from now on count for {@code name}: a scenario's name, or a step such as "restart". */
    void phase(String name) {
        phase = name;
    }

    void start() {
        Thread t = new Thread(() -> {
            while (true) {
                double rss = server.rssMb();
                if (rss > 0) {
                    maxMbByPhase.merge(phase, Figures.round(rss), Math::max);
                }
                int threads = server.threads();
                if (threads > 0) {
                    maxThreadsByPhase.merge(phase, threads, Math::max);
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-rss");
        t.setDaemon(true);
        t.start();
    }

    /** The highest RSS sampled in that phase so far, or null if none was. */
    Double maxMb(String phase) {
        return maxMbByPhase.get(phase);
    }

    /** The most threads sampled in that phase so far, or -1. */
    int maxThreads(String phase) {
        return maxThreadsByPhase.getOrDefault(phase, -1);
    }

    Map<String, Double> maxMbByPhase() {
        return new LinkedHashMap<>(maxMbByPhase);
    }
}
