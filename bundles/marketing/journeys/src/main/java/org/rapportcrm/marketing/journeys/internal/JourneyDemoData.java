package org.rapportcrm.marketing.journeys.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Adds a draft journey once, when demo data is on ({@code RAPPORT_DEMO_DATA=true} or this component's configuration)
 * and there are no journeys: once the segments' demo data is there (the "Reachable by e-mail" segment, the
 * "Newsletter" purpose), a welcome series to that segment with its two templates. It stays a draft, so nobody is
 * mailed until a marketer activates it.
 */
@Component(service = ScheduledTaskHandler.class, configurationPid = JourneyDemoData.PID)
@Designate(ocd = JourneyDemoData.Config.class)
public class JourneyDemoData implements ScheduledTaskHandler {
    public static final String PID = "org.rapportcrm.marketing.journeys.demo";
    static final String NAME = "marketing.journey-demo-data";
    private static final Duration WAIT = Duration.ofMinutes(15);

    @ObjectClassDefinition(name = "Rapport journey demo data", description = "Generates a draft journey into an installation without journeys")
    public @interface Config {
        @AttributeDefinition(description = "Generate on start (the environment variable RAPPORT_DEMO_DATA=true does the same)")
        boolean enabled() default false;
    }

    private final RecordService records;

    @Activate
    public JourneyDemoData(@Reference RecordService records, @Reference TaskScheduler scheduler, Config config) {
        this.records = records;
        if (config.enabled() || "true".equalsIgnoreCase(System.getenv("RAPPORT_DEMO_DATA"))) {
            scheduler.scheduleIfAbsent(NAME, "once", Instant.now(), Map.of("until", Instant.now().plus(WAIT).toString()));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        if (records.count(Actor.system(), JourneyTypes.JOURNEY, null) > 0) {
            return TaskOutcome.done();
        }
        Optional<Record> segment = first(Marketing.SEGMENT, "Reachable by e-mail");
        Optional<Record> purpose = first(Marketing.CONSENT_PURPOSE, "Newsletter");
        if (segment.isEmpty() || purpose.isEmpty()) {
            return TaskOutcome.runAgainUntil(Instant.parse((String) run.data().get("until")), Duration.ofSeconds(5),
                    "the marketing demo segments did not appear within " + WAIT.toMinutes() + " minutes");
        }
        generate(segment.get(), purpose.get());
        return TaskOutcome.done();
    }

    void generate(Record segment, Record purpose) {
        String welcome = template("Welcome", "Welcome, {{ record.firstName | default('friend') }}",
                "Thank you for your interest. Here is where to start: https://example.com/start");
        String reminder = template("Welcome reminder", "{{ record.firstName | default('Hello') }}, did you see our starter guide?",
                "Our starter guide is waiting for you: https://example.com/start");
        String steps = """
                [{"id": "welcome", "type": "send", "template": "%s", "next": "pause"},
                 {"id": "pause", "type": "wait", "duration": "P2D", "next": "opened"},
                 {"id": "opened", "type": "branch", "on": "opened", "yes": "call", "no": "reminder"},
                 {"id": "call", "type": "action", "action": "record.create-task",
                  "parameters": {"subject": "Call {{firstName}} {{lastName}}: opened the welcome", "dueInDays": 2}},
                 {"id": "reminder", "type": "send", "template": "%s"}]""".formatted(welcome, reminder);
        records.create(Actor.system(), JourneyTypes.JOURNEY, Map.of("name", "Welcome series", "trigger", JourneyTypes.SEGMENT_ENTRY,
                "segment", segment.getId(), "consentPurpose", purpose.getId(), "steps", steps, "description",
                "A draft: contacts who become reachable by e-mail get a welcome; two days later their owner gets a task to call "
                        + "those who opened it, and the others a reminder. Activate it to start."));
    }

    private String template(String name, String subject, String text) {
        return first(MailService.TEMPLATE_TYPE, name).orElseGet(() -> records.create(Actor.system(), MailService.TEMPLATE_TYPE,
                Map.of("name", name, "recordType", "contact", "subject", subject,
                        "htmlBody", "<html><body><p>" + text.replaceAll("(https://\\S+)", "<a href=\"$1\">$1</a>") + "</p></body></html>",
                        "textBody", text))).getId();
    }

    private Optional<Record> first(String type, String name) {
        return records.query(Actor.system(), Query.of(type).where(Filter.eq("name", name)).limit(1)).items().stream().findFirst();
    }
}
