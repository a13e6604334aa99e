package org.rapportcrm.service.internal.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import org.rapportcrm.service.internal.ServiceTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds service demo data once, when demo data is on ({@code RAPPORT_DEMO_DATA=true} or this component's configuration)
 * and there are no queues yet: a task on the clustered scheduler (one node of a cluster does it) that waits for the
 * platform's demo contacts and users; the agents are the users with the service role (administrators when there are none).
 */
@Component(service = ScheduledTaskHandler.class, configurationPid = ServiceDemoData.PID)
@Designate(ocd = ServiceDemoData.Config.class)
public class ServiceDemoData implements ScheduledTaskHandler {
    public static final String PID = "org.rapportcrm.service.demo";
    static final String NAME = "service.demo-data";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceDemoData.class);
    private static final Duration WAIT_FOR_PLATFORM = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofSeconds(2);

    @ObjectClassDefinition(name = "Rapport service demo data", description = "Generates service demonstration data into an installation without queues")
    public @interface Config {
        @AttributeDefinition(description = "Generate on start (the environment variable RAPPORT_DEMO_DATA=true does the same)")
        boolean enabled() default false;

        int cases() default 500;

        long seed() default 42;
    }

    private final RecordService records;
    private final UserService users;
    private final Config config;

    @Activate
    public ServiceDemoData(@Reference RecordService records, @Reference UserService users, @Reference TaskScheduler scheduler, Config config) {
        this.records = records;
        this.users = users;
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
        if (records.count(Actor.system(), ServiceTypes.QUEUE, null) > 0) {
            LOG.info("Service demo data not generated: there are queues already");
            return TaskOutcome.done();
        }
        List<String> agents = platformDemoData();
        if (agents.isEmpty()) {
            return TaskOutcome.runAgainUntil(Instant.parse((String) run.data().get("until")), POLL,
                    "no contacts and agents appeared within " + WAIT_FOR_PLATFORM.toMinutes() + " minutes");
        }
        long start = System.nanoTime();
        List<String> portalContacts = users.users(Actor.system()).stream().map(User::contactId).filter(Objects::nonNull).toList();
        int n = new ServiceDemoGenerator(records, Clock.systemUTC()).generate(config.cases(), config.seed(), agents, portalContacts);
        LOG.info("Generated {} service demo records in {} ms", n, (System.nanoTime() - start) / 1_000_000);
        return TaskOutcome.done();
    }

    /** The agents, once the platform's demo generator has written its contacts and first activities; else none. */
    private List<String> platformDemoData() {
        List<User> active = users.users(Actor.system()).stream().filter(u -> u.active() && u.accountId() == null).toList();
        List<String> agents = active.stream().filter(u -> u.roles().contains("service")).map(User::id).sorted().toList();
        if (agents.isEmpty()) {
            agents = active.stream().filter(u -> u.roles().contains("admin")).map(User::id).sorted().toList();
        }
        return !agents.isEmpty() && records.count(Actor.system(), "activity", null) > 0 ? agents : List.of();
    }
}
