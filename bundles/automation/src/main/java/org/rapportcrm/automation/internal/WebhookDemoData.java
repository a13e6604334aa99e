package org.rapportcrm.automation.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.automation.internal.rules.DemoRules;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With demo data on ({@code RAPPORT_DEMO_DATA=true}, or {@code enabled} in the capability's demo settings, {@link DemoRules#PID}), an installation without
 * webhooks gets one demo subscription: switched off, pointing at a receiver on this machine that the README shows how
 * to start, so an administrator sees what a subscription holds and can try one in a minute. Made once, on the
 * clustered scheduler (by then the webhook type is registered, and only one node makes it).
 */
@Component(configurationPid = DemoRules.PID) // one switch for the capability's demo data: the rules' and this
public class WebhookDemoData implements ScheduledTaskHandler {
    static final String NAME = "Demo: account changes to a receiver on this machine (port 9000), off until you start one";
    static final String URL = "http://127.0.0.1:9000/rapport-webhooks";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDemoData.class);

    private final RecordService records;

    @Activate
    public WebhookDemoData(@Reference RecordService records, @Reference TaskScheduler scheduler, DemoRules.Config config) {
        this.records = records;
        if (config.enabled() || "true".equalsIgnoreCase(System.getenv("RAPPORT_DEMO_DATA"))) {
            scheduler.scheduleIfAbsent(name(), "demo-subscription", Instant.now(), Map.of());
        }
    }

    @Override
    public String name() {
        return "automation.webhook-demo";
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        if (records.count(Actor.system(), WebhookTypes.WEBHOOK, null) == 0) {
            records.create(Actor.system(), WebhookTypes.WEBHOOK, Map.of("name", NAME, "url", URL, "recordTypes", "account",
                    "events", List.of("CREATED", "UPDATED", "DELETED"), "active", false));
            LOG.info("Demo webhook subscription made (switched off): {}", URL);
        }
        return TaskOutcome.done();
    }
}
