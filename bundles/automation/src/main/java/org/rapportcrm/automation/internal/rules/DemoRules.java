package org.rapportcrm.automation.internal.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.automation.AutomationRegistry;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo workflow rules, written once when demo data is on ({@code RAPPORT_DEMO_DATA=true}) and there is no rule yet:
 * an onboarding task for new customers, and, with the sales capability, a reminder before a deal's close date and a
 * notification of won deals (with the collaboration capability).
 */
@Component(service = ScheduledTaskHandler.class, configurationPid = DemoRules.PID)
@Designate(ocd = DemoRules.Config.class)
public class DemoRules implements ScheduledTaskHandler {
    public static final String PID = "org.rapportcrm.automation.demo";
    static final String NAME = "automation.demo-rules";
    private static final Logger LOG = LoggerFactory.getLogger(DemoRules.class);
    private static final Duration WAIT_FOR_TYPES = Duration.ofMinutes(2);

    @ObjectClassDefinition(name = "Rapport automation demo data", description = "Writes demo workflow rules and an inactive demo webhook subscription into an installation without them")
    public @interface Config {
        @AttributeDefinition(description = "Write them on start (the environment variable RAPPORT_DEMO_DATA=true does the same)")
        boolean enabled() default false;
    }

    private final RecordService records;
    private final MetadataService metadata;
    private final AutomationRegistry registry;

    /** Written by a task on the clustered scheduler: once, by one node, also when several start together. */
    @Activate
    public DemoRules(@Reference RecordService records, @Reference MetadataService metadata, @Reference AutomationRegistry registry,
            @Reference TaskScheduler scheduler, Config config) {
        this.records = records;
        this.metadata = metadata;
        this.registry = registry;
        if (config.enabled() || "true".equalsIgnoreCase(System.getenv("RAPPORT_DEMO_DATA"))) {
            scheduler.scheduleIfAbsent(NAME, "once", Instant.now().plusSeconds(2), Map.of("until", Instant.now().plus(WAIT_FOR_TYPES).toString()));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        if (metadata.type(RuleTypes.RULE).isEmpty() || registry.action("record.create-task").isEmpty()) {
            // The rule types and actions register alongside this component.
            return TaskOutcome.runAgainUntil(Instant.parse((String) run.data().get("until")), Duration.ofSeconds(2),
                    "the workflow rule types did not appear");
        }
        if (records.count(Actor.system(), RuleTypes.RULE, null) > 0) {
            return TaskOutcome.done();
        }
        records.inTransaction(() -> {
            Map<String, Object> onboarding = rule("Onboard new customers", "account", Trigger.FIELD_CHANGED,
                    "[{\"action\":\"record.create-task\",\"parameters\":{\"subject\":\"Onboarding call with {{name}}\",\"dueInDays\":3,\"priority\":\"High\"}}]");
            onboarding.put("triggerField", "accountType");
            onboarding.put("toValue", "Customer");
            write(onboarding);
            if (metadata.type("opportunity").flatMap(t -> t.field("closeDate")).isPresent()) {
                Map<String, Object> closing = rule("Deal closes in 3 days", "opportunity", Trigger.DATE_REACHED,
                        "[{\"action\":\"record.create-task\",\"parameters\":{\"subject\":\"{{name}} closes in 3 days: confirm the decision\",\"dueInDays\":1}}]");
                closing.put("triggerField", "closeDate");
                closing.put("offsetMinutes", -3 * 24 * 60);
                closing.put("condition", "stage ne 'Closed Won' and stage ne 'Closed Lost'");
                write(closing);
                if (registry.action("collaboration.notify").isPresent()) {
                    Map<String, Object> won = rule("Tell the team of won deals", "opportunity", Trigger.FIELD_CHANGED,
                            "[{\"action\":\"collaboration.notify\",\"parameters\":{\"recipients\":\"owner\",\"message\":\"{{name}} was won\"}}]");
                    won.put("triggerField", "stage");
                    won.put("toValue", "Closed Won");
                    write(won);
                }
            }
            return null;
        });
        LOG.info("Wrote the demo workflow rules");
        return TaskOutcome.done();
    }

    private static Map<String, Object> rule(String name, String type, Trigger trigger, String actions) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("name", name);
        rule.put("recordType", type);
        rule.put("trigger", trigger.label);
        rule.put("actions", actions);
        rule.put("description", "A demo rule: change or deactivate it as you like.");
        return rule;
    }

    private void write(Map<String, Object> rule) {
        records.create(Actor.system(), RuleTypes.RULE, rule);
    }
}
