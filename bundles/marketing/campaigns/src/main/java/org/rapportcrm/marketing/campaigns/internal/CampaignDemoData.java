package org.rapportcrm.marketing.campaigns.internal;

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
import org.rapportcrm.platform.api.metadata.MetadataService;
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
 * Adds a draft campaign once, when demo data is on ({@code RAPPORT_DEMO_DATA=true} or this component's configuration)
 * and there are no campaigns: it waits for the segments' demo data (the "Reachable by e-mail" segment and the
 * "Newsletter" purpose), then writes a newsletter template and a draft campaign to that segment, ready to preview;
 * a finished A/B test of two subject lines ({@link AbTestDemoData}); with sales (after its demo deals), also a sent
 * campaign with a funnel and a return ({@link RoiDemoData}).
 */
@Component(service = ScheduledTaskHandler.class, configurationPid = CampaignDemoData.PID)
@Designate(ocd = CampaignDemoData.Config.class)
public class CampaignDemoData implements ScheduledTaskHandler {
    public static final String PID = "org.rapportcrm.marketing.campaigns.demo";
    static final String NAME = "marketing.campaign-demo-data";
    private static final Duration WAIT = Duration.ofMinutes(15);

    @ObjectClassDefinition(name = "Rapport campaign demo data", description = "Generates a draft campaign into an installation without campaigns")
    public @interface Config {
        @AttributeDefinition(description = "Generate on start (the environment variable RAPPORT_DEMO_DATA=true does the same)")
        boolean enabled() default false;
    }

    private final RecordService records;
    private final MetadataService metadata;
    private final RecipientStore store;
    private final AbTestStore split;

    @Activate
    public CampaignDemoData(@Reference RecordService records, @Reference MetadataService metadata, @Reference RecipientStore store,
            @Reference AbTestStore split, @Reference TaskScheduler scheduler, Config config) {
        this.records = records;
        this.metadata = metadata;
        this.store = store;
        this.split = split;
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
        if (records.count(Actor.system(), CampaignTypes.CAMPAIGN, null) > 0) {
            return TaskOutcome.done();
        }
        Optional<Record> segment = first(Marketing.SEGMENT, "Reachable by e-mail");
        Optional<Record> purpose = first(Marketing.CONSENT_PURPOSE, "Newsletter");
        // With sales, its demo deals first: the sent demo campaign touches the won ones.
        // (Sales without demo deals: after ten minutes the campaigns come without them.)
        Instant until = Instant.parse((String) run.data().get("until"));
        boolean dealsPending = metadata.type("opportunity").isPresent() && metadata.type("salesStage").isPresent()
                && Instant.now().isBefore(until.minus(Duration.ofMinutes(5)))
                && records.count(Actor.system(), "opportunity", Filter.isNotEmpty("closedAt")) == 0;
        if (segment.isEmpty() || purpose.isEmpty() || dealsPending) {
            return TaskOutcome.runAgainUntil(until, Duration.ofSeconds(5),
                    "the marketing demo segments did not appear within " + WAIT.toMinutes() + " minutes");
        }
        generate(segment.get(), purpose.get());
        return TaskOutcome.done();
    }

    void generate(Record segment, Record purpose) {
        Record template = first(MailService.TEMPLATE_TYPE, "Monthly newsletter").orElseGet(() -> records.create(Actor.system(), MailService.TEMPLATE_TYPE,
                Map.of("name", "Monthly newsletter", "recordType", "contact",
                        "subject", "{{ record.firstName | default('Hello') }}, your December news",
                        "htmlBody", "<html><body><h1>December news</h1><p>Dear {{ record.firstName | default('customer') }} {{ record.lastName }},</p>"
                                + "<p>Our winter offers are here: <a href=\"https://example.com/winter\">see them all</a>.</p></body></html>",
                        "textBody", "Dear {{ record.firstName | default('customer') }} {{ record.lastName }},\n\n"
                                + "Our winter offers are here: https://example.com/winter\n")));
        records.create(Actor.system(), CampaignTypes.CAMPAIGN, Map.of("name", "December newsletter", "template", template.getId(),
                "segments", segment.getId(), "consentPurpose", purpose.getId(), "description",
                "A draft: preview it for a contact, then send it (only contacts who gave the Newsletter consent receive it)."));
        new AbTestDemoData(records, store, split).generate(segment.getId(), Instant.now());
        if (metadata.type("opportunity").isPresent() && metadata.type("lead").isPresent()) {
            new RoiDemoData(records, store).generate(template.getId(), segment.getId(), Instant.now());
        }
    }

    private Optional<Record> first(String type, String name) {
        return records.query(Actor.system(), Query.of(type).where(Filter.eq("name", name)).limit(1)).items().stream().findFirst();
    }
}
