package org.rapportcrm.service.email.internal.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.rapportcrm.service.api.Cases;
import org.rapportcrm.service.email.internal.EmailTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * E-mail demo data, once, when demo data is on ({@code RAPPORT_DEMO_DATA=true} or this configuration) and there is no
 * service mailbox yet: a task on the clustered scheduler that waits until the service demo cases are written (their
 * number stopped growing), then adds a demo service mailbox, an acknowledgement template, reply macros and e-mail
 * threads on a share of the e-mail cases ({@link EmailDemoGenerator}).
 */
@Component(service = ScheduledTaskHandler.class, configurationPid = EmailDemoData.PID)
@Designate(ocd = EmailDemoData.Config.class)
public class EmailDemoData implements ScheduledTaskHandler {
    public static final String PID = "org.rapportcrm.service.email.demo";
    static final String NAME = "service.email.demo";
    private static final Logger LOG = LoggerFactory.getLogger(EmailDemoData.class);
    private static final Duration LOOK_AGAIN = Duration.ofSeconds(10);
    /** Looks for the service demo cases this often before giving up (about 20 minutes). */
    private static final int MAX_LOOKS = 120;

    @ObjectClassDefinition(name = "Rapport e-mail to case demo data", description = "Adds e-mail threads to the service demo cases")
    public @interface Config {
        @AttributeDefinition(description = "Generate on start (the environment variable RAPPORT_DEMO_DATA=true does the same)")
        boolean enabled() default false;

        @AttributeDefinition(description = "Per cent of the e-mail cases that get a thread")
        int threadPercent() default 60;

        long seed() default 42;
    }

    private final RecordService records;
    private final Config config;

    @Activate
    public EmailDemoData(@Reference RecordService records, @Reference TaskScheduler scheduler, Config config) {
        this.records = records;
        this.config = config;
        if (config.enabled() || "true".equalsIgnoreCase(System.getenv("RAPPORT_DEMO_DATA"))) {
            scheduler.scheduleIfAbsent(NAME, "once", Instant.now().plus(LOOK_AGAIN), Map.of("cases", 0));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        if (records.count(Actor.system(), EmailTypes.MAILBOX, null) > 0) {
            return TaskOutcome.done();
        }
        long cases = records.count(Actor.system(), Cases.TYPE, null);
        long before = ((Number) run.data().getOrDefault("cases", 0)).longValue();
        int looks = ((Number) run.data().getOrDefault("looks", 0)).intValue();
        if (cases == 0 || cases != before) {
            if (looks >= MAX_LOOKS) {
                LOG.warn("E-mail demo data not generated: no service demo cases appeared");
                return TaskOutcome.done();
            }
            return TaskOutcome.runAgainAt(Instant.now().plus(LOOK_AGAIN), Map.of("cases", cases, "looks", looks + 1));
        }
        long start = System.nanoTime();
        int written = new EmailDemoGenerator(records, Clock.systemUTC()).generate(config.threadPercent(), config.seed());
        LOG.info("Generated {} e-mail demo records in {} ms", written, (System.nanoTime() - start) / 1_000_000);
        return TaskOutcome.done();
    }
}
