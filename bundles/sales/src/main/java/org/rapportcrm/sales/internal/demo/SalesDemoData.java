package org.rapportcrm.sales.internal.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.sales.internal.SalesTypes;
import org.rapportcrm.sales.internal.pipeline.SalesStages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds sales demo data once, when demo data is on ({@code RAPPORT_DEMO_DATA=true} or this component's configuration)
 * and there are no opportunities yet: a task on the clustered scheduler (one node of a cluster does it) that waits for
 * the platform's demo accounts and activities, generated at the same time, and for the sales reps.
 */
@Component(service = ScheduledTaskHandler.class, configurationPid = SalesDemoData.PID)
@Designate(ocd = SalesDemoData.Config.class)
public class SalesDemoData implements ScheduledTaskHandler {
    public static final String PID = "org.rapportcrm.sales.demo";
    static final String NAME = "sales.demo-data";
    private static final Logger LOG = LoggerFactory.getLogger(SalesDemoData.class);
    private static final Duration WAIT_FOR_PLATFORM = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofSeconds(2);

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
    private final Config config;

    @Activate
    public SalesDemoData(@Reference RecordService records, @Reference UserService users, @Reference SalesStages stages,
            @Reference TaskScheduler scheduler, Config config) {
        this.records = records;
        this.users = users;
        this.stages = stages;
        this.config = config;
        if (config.enabled() || "true".equalsIgnoreCase(System.getenv("RAPPORT_DEMO_DATA"))) {
            scheduler.scheduleIfAbsent(NAME, "once", Instant.now(), Map.of("until", Instant.now().plus(WAIT_FOR_PLATFORM).toString()));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        if (records.count(Actor.system(), SalesTypes.OPPORTUNITY, null) > 0) {
            LOG.info("Sales demo data not generated: there are opportunities already");
            return TaskOutcome.done();
        }
        List<String> reps = platformDemoData();
        if (reps.isEmpty()) {
            return TaskOutcome.runAgainUntil(Instant.parse((String) run.data().get("until")), POLL,
                    "no sales users and activities appeared within " + WAIT_FOR_PLATFORM.toMinutes() + " minutes");
        }
        long start = System.nanoTime();
        long n = new SalesDemoGenerator(records, stages, Clock.systemDefaultZone())
                .generate(new SalesDemoGenerator.Counts(config.leads(), config.opportunities(), config.quotes()), config.seed(), reps);
        LOG.info("Generated {} sales demo records in {} ms", n, (System.nanoTime() - start) / 1_000_000);
        return TaskOutcome.done();
    }

    /** The sales reps, once the platform's demo generator has written its accounts, contacts and first activities; else none. */
    private List<String> platformDemoData() {
        List<String> reps = users.users(Actor.system()).stream().filter(u -> u.active() && u.roles().contains("sales"))
                .map(User::id).sorted().toList();
        return !reps.isEmpty() && records.count(Actor.system(), "activity", null) > 0 ? reps : List.of();
    }
}
