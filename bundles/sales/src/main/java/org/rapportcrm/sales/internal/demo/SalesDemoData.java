package org.rapportcrm.sales.internal.demo;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.sales.internal.SalesTypes;
import org.rapportcrm.sales.internal.pipeline.SalesStages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds sales demo data once, in the background, when demo data is on ({@code RAPPORT_DEMO_DATA=true} or this
 * component's configuration) and there are no opportunities yet. It waits for the platform's demo accounts and
 * activities, which are generated at the same time, and for the sales reps.
 */
@Component(configurationPid = SalesDemoData.PID)
@Designate(ocd = SalesDemoData.Config.class)
public class SalesDemoData {
    public static final String PID = "org.rapportcrm.sales.demo";
    private static final Logger LOG = LoggerFactory.getLogger(SalesDemoData.class);
    private static final long WAIT_FOR_PLATFORM_MILLIS = TimeUnit.MINUTES.toMillis(10);

    @ObjectClassDefinition(name = "Rapport sales demo data", description = "Generates sales demonstration data into an installation without opportunities")
    public @interface Config {
        @AttributeDefinition(description = "Generate on start (the environment variable RAPPORT_DEMO_DATA=true does the same)")
        boolean enabled() default false;

        int leads() default 200;

        int opportunities() default 250;

        int quotes() default 25;

        long seed() default 42;
    }

    private final RecordService records;
    private final UserService users;
    private final SalesStages stages;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "rapport-sales-demo-data"));

    @Activate
    public SalesDemoData(@Reference RecordService records, @Reference UserService users, @Reference SalesStages stages, Config config) {
        this.records = records;
        this.users = users;
        this.stages = stages;
        if (config.enabled() || "true".equalsIgnoreCase(System.getenv("RAPPORT_DEMO_DATA"))) {
            worker.execute(() -> generateIfEmpty(config));
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(30, TimeUnit.SECONDS);
    }

    private void generateIfEmpty(Config config) {
        try {
            if (records.count(Actor.system(), SalesTypes.OPPORTUNITY, null) > 0) {
                LOG.info("Sales demo data not generated: there are opportunities already");
                return;
            }
            List<String> reps = awaitPlatformDemoData();
            if (reps.isEmpty()) {
                LOG.warn("Sales demo data not generated: no sales users and activities appeared within {} minutes",
                        TimeUnit.MILLISECONDS.toMinutes(WAIT_FOR_PLATFORM_MILLIS));
                return;
            }
            long start = System.nanoTime();
            long n = new SalesDemoGenerator(records, stages, Clock.systemDefaultZone())
                    .generate(new SalesDemoGenerator.Counts(config.leads(), config.opportunities(), config.quotes()), config.seed(), reps);
            LOG.info("Generated {} sales demo records in {} ms", n, (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Sales demo data generation failed: {}", e.getMessage(), e);
        }
    }

    /** The sales reps, once the platform's demo generator has written its accounts, contacts and first activities. */
    private List<String> awaitPlatformDemoData() throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_FOR_PLATFORM_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            List<String> reps = users.users(Actor.system()).stream().filter(u -> u.active() && u.roles().contains("sales"))
                    .map(User::id).sorted().toList();
            if (!reps.isEmpty() && records.count(Actor.system(), "activity", null) > 0) {
                return reps;
            }
            TimeUnit.SECONDS.sleep(1);
        }
        return List.of();
    }
}
