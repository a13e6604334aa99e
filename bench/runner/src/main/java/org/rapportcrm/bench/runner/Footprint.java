package org.rapportcrm.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 5: distribution size, boot time and idle RSS, first on the fresh distribution, then after a restart with the
 * data the other scenarios left. It brackets them rather than being one of them: it boots the server they run
 * against, and a failure here ends the run.
 */
final class Footprint {
    static final String SCENARIO = "5 footprint";

    private final Results results;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    Footprint(Results results) {
        this.results = results;
    }

    void measureDistribution(Path distribution) throws IOException {
        double mb = Files.size(distribution) / (1024.0 * 1024.0);
        results.put("distributionTarGzMb", Figures.round(mb));
        results.row(SCENARIO, "distribution tar.gz", Figures.oneDecimal(mb) + " MB", "");
    }

    /** Starts the freshly unpacked server and measures it. */
    void firstBoot(Server server) throws IOException, InterruptedException {
        results.put("footprint", figures);
        double boot = server.start(Duration.ofSeconds(180));
        figures.put("firstBootToHealthySeconds", Figures.round(boot));
        results.row(SCENARIO, "boot to healthy, first start", Figures.oneDecimal(boot) + " s", "fresh unpacked distribution");
        double idle = idleRssMb(server);
        figures.put("idleRssAfterBootMb", Figures.round(idle));
        results.row(SCENARIO, "idle RSS 5 s after first boot", Figures.oneDecimal(idle) + " MB", "VmRSS of the Karaf JVM");
    }

    /** Stops and starts the server again, with all the contacts the scenarios created, and measures it. */
    void restart(BenchContext context) throws IOException, InterruptedException {
        Server server = context.server();
        context.rss().phase("restart");
        Stopwatch stop = Stopwatch.start();
        server.close();
        figures.put("stopSeconds", Figures.round(stop.seconds()));
        double restart = server.start(Duration.ofSeconds(300));
        figures.put("restartToHealthySeconds", Figures.round(restart));
        results.row(SCENARIO, "boot to healthy, restart", Figures.oneDecimal(restart) + " s",
                String.format("with %,d contacts in %s", contactCount(context), context.options().databaseLabel()));
        double idle = idleRssMb(server);
        figures.put("idleRssAfterRestartMb", Figures.round(idle));
        results.row(SCENARIO, "idle RSS 5 s after restart", Figures.oneDecimal(idle) + " MB", "");
        figures.put("maxRssByPhaseMb", context.rss().maxMbByPhase());
    }

    /** Settles for 5 s after the boot before reading the RSS. */
    private static double idleRssMb(Server server) throws InterruptedException {
        TimeUnit.SECONDS.sleep(5);
        return server.rssMb();
    }

    /** Only for a table note: -1 rather than failing the restart's figures. */
    private static long contactCount(BenchContext context) {
        try {
            return context.total("/api/v1/contacts?limit=1");
        } catch (Exception e) {
            return -1;
        }
    }
}
