package org.rapportcrm.service.internal.demo;

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
import org.rapportcrm.service.internal.ServiceTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds service demo data once, in the background, when demo data is on ({@code RAPPORT_DEMO_DATA=true} or this
 * component's configuration) and there are no queues yet. It waits for the platform's demo contacts and users; the
 * agents are the users with the service role (and administrators when there are none).
 */
@Component(configurationPid = ServiceDemoData.PID)
@Designate(ocd = ServiceDemoData.Config.class)
public class ServiceDemoData {
    public static final String PID = "org.rapportcrm.service.demo";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceDemoData.class);
    private static final long WAIT_FOR_PLATFORM_MILLIS = TimeUnit.MINUTES.toMillis(10);

    @ObjectClassDefinition(name = "Rapport service demo data", description = "Generates service demonstration data into an installation without queues")
    public @interface Config {
        @AttributeDefinition(description = "Generate on start (the environment variable RAPPORT_DEMO_DATA=true does the same)")
        boolean enabled() default false;

        int cases() default 500;

        long seed() default 42;
    }

    private final RecordService records;
    private final UserService users;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "rapport-service-demo-data"));

    @Activate
    public ServiceDemoData(@Reference RecordService records, @Reference UserService users, Config config) {
        this.records = records;
        this.users = users;
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
            List<String> agents = awaitPlatformDemoData();
            if (records.count(Actor.system(), ServiceTypes.QUEUE, null) > 0) {
                LOG.info("Service demo data not generated: there are queues already");
                return;
            }
            if (agents.isEmpty()) {
                LOG.warn("Service demo data not generated: no contacts and agents appeared within {} minutes",
                        TimeUnit.MILLISECONDS.toMinutes(WAIT_FOR_PLATFORM_MILLIS));
                return;
            }
            long start = System.nanoTime();
            int n = new ServiceDemoGenerator(records, Clock.systemUTC()).generate(config.cases(), config.seed(), agents);
            LOG.info("Generated {} service demo records in {} ms", n, (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Service demo data generation failed: {}", e.getMessage(), e);
        }
    }

    private List<String> awaitPlatformDemoData() throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_FOR_PLATFORM_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            List<User> active = users.users(Actor.system()).stream().filter(u -> u.active() && u.accountId() == null).toList();
            List<String> agents = active.stream().filter(u -> u.roles().contains("service")).map(User::id).sorted().toList();
            if (agents.isEmpty()) {
                agents = active.stream().filter(u -> u.roles().contains("admin")).map(User::id).sorted().toList();
            }
            if (!agents.isEmpty() && records.count(Actor.system(), "activity", null) > 0) {
                return agents;
            }
            TimeUnit.SECONDS.sleep(1);
        }
        return List.of();
    }
}
