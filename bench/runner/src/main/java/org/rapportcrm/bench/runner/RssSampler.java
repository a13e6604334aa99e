package org.rapportcrm.bench.runner;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Samples the server JVM's RSS every 250 ms in a daemon thread and keeps the maximum per phase of the run. */
final class RssSampler {
    private final Server server;
    private final Map<String, Double> maxMbByPhase = new ConcurrentHashMap<>();
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

    Map<String, Double> maxMbByPhase() {
        return new LinkedHashMap<>(maxMbByPhase);
    }
}
