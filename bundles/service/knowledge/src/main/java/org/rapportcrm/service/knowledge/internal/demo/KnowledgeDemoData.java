package org.rapportcrm.service.knowledge.internal.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.Cases;
import org.rapportcrm.service.knowledge.internal.KnowledgeTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds knowledge demo data once, when demo data is on ({@code RAPPORT_DEMO_DATA=true} or this component's
 * configuration) and there are no articles yet: a task on the clustered scheduler (one node of a cluster does it) that
 * waits for the service demo's closed cases to stop growing, since articles link the cases they answered.
 */
@Component(service = ScheduledTaskHandler.class, configurationPid = KnowledgeDemoData.PID)
@Designate(ocd = KnowledgeDemoData.Config.class)
public class KnowledgeDemoData implements ScheduledTaskHandler {
    public static final String PID = "org.rapportcrm.service.knowledge.demo";
    static final String NAME = "service.knowledge-demo-data";
    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeDemoData.class);
    private static final Duration WAIT_FOR_CASES = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofSeconds(3);

    @ObjectClassDefinition(name = "Rapport knowledge demo data", description = "Generates knowledge articles into an installation without any")
    public @interface Config {
        @AttributeDefinition(description = "Generate on start (the environment variable RAPPORT_DEMO_DATA=true does the same)")
        boolean enabled() default false;

        long seed() default 42;
    }

    private final RecordService records;
    private final Config config;

    @Activate
    public KnowledgeDemoData(@Reference RecordService records, @Reference TaskScheduler scheduler, Config config) {
        this.records = records;
        this.config = config;
        if (config.enabled() || "true".equalsIgnoreCase(System.getenv("RAPPORT_DEMO_DATA"))) {
            scheduler.scheduleIfAbsent(NAME, "once", Instant.now(), Map.of("until", Instant.now().plus(WAIT_FOR_CASES).toString()));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        if (records.count(Actor.system(), KnowledgeTypes.ARTICLE, null) > 0) {
            LOG.info("Knowledge demo data not generated: there are articles already");
            return TaskOutcome.done();
        }
        Instant until = Instant.parse((String) run.data().get("until"));
        long closed = records.count(Actor.system(), Cases.TYPE, Filter.eq("status", Cases.CLOSED));
        Object seen = run.data().get("closedCases");
        boolean settled = closed > 0 && seen instanceof Number n && n.longValue() == closed;
        if (!settled && Instant.now().isBefore(until)) {
            // The service demo is still writing cases (or has not started): look again, remembering how many there were.
            return TaskOutcome.runAgainAt(Instant.now().plus(POLL), Map.of("until", until.toString(), "closedCases", closed));
        }
        long start = System.nanoTime();
        int n = new KnowledgeDemoGenerator(records).generate(config.seed());
        LOG.info("Generated {} knowledge demo records in {} ms", n, (System.nanoTime() - start) / 1_000_000);
        return TaskOutcome.done();
    }
}
