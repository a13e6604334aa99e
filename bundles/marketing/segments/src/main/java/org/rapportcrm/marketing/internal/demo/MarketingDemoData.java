package org.rapportcrm.marketing.internal.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.marketing.internal.StaticLists;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds marketing demo data once, when demo data is on ({@code RAPPORT_DEMO_DATA=true} or this component's
 * configuration) and there are no segments yet: a task on the clustered scheduler (one node of a cluster does it) that
 * waits for the platform's demo contacts and activities, then writes consent purposes, a few dynamic segments over the
 * demo contacts (one reaching the account), a static list, and consents for most contacts (some withdrawn later, some
 * pending a double opt-in).
 */
@Component(service = ScheduledTaskHandler.class, configurationPid = MarketingDemoData.PID)
@Designate(ocd = MarketingDemoData.Config.class)
public class MarketingDemoData implements ScheduledTaskHandler {
    public static final String PID = "org.rapportcrm.marketing.demo";
    static final String NAME = "marketing.demo-data";
    private static final Logger LOG = LoggerFactory.getLogger(MarketingDemoData.class);
    private static final Duration WAIT_FOR_PLATFORM = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofSeconds(2);

    @ObjectClassDefinition(name = "Rapport marketing demo data", description = "Generates marketing demonstration data into an installation without segments")
    public @interface Config {
        @AttributeDefinition(description = "Generate on start (the environment variable RAPPORT_DEMO_DATA=true does the same)")
        boolean enabled() default false;

        @AttributeDefinition(description = "Share of contacts with a consent, 0..100")
        int consentPercent() default 80;

        long seed() default 42;
    }

    private final RecordService records;
    private final StaticLists lists;
    private final Config config;

    @Activate
    public MarketingDemoData(@Reference RecordService records, @Reference StaticLists lists, @Reference TaskScheduler scheduler, Config config) {
        this.records = records;
        this.lists = lists;
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
        if (records.count(Actor.system(), Marketing.SEGMENT, null) > 0) {
            LOG.info("Marketing demo data not generated: there are segments already");
            return TaskOutcome.done();
        }
        if (records.count(Actor.system(), "contact", null) == 0 || records.count(Actor.system(), "activity", null) == 0) {
            return TaskOutcome.runAgainUntil(Instant.parse((String) run.data().get("until")), POLL,
                    "no demo contacts and activities appeared within " + WAIT_FOR_PLATFORM.toMinutes() + " minutes");
        }
        long start = System.nanoTime();
        int n = generate(config);
        LOG.info("Generated {} marketing demo records in {} ms", n, (System.nanoTime() - start) / 1_000_000);
        return TaskOutcome.done();
    }

    int generate(Config config) {
        Actor system = Actor.system();
        Random random = new Random(config.seed());
        Record newsletter = records.create(system, Marketing.CONSENT_PURPOSE, Map.of("name", "Newsletter", "consentText",
                "Yes, send me the monthly newsletter. I can unsubscribe at any time."));
        Record productNews = records.create(system, Marketing.CONSENT_PURPOSE, Map.of("name", "Product news", "consentText",
                "Tell me about new products and releases."));
        records.create(system, Marketing.CONSENT_PURPOSE, Map.of("name", "Events", "consentText", "Invite me to events and webinars."));
        records.create(system, Marketing.SEGMENT, Map.of("name", "Contacts in Germany", "filter", "country eq 'Germany'",
                "description", "Every contact whose country is Germany"));
        records.create(system, Marketing.SEGMENT, Map.of("name", "German customers", "filter", "country eq 'Germany' and email notempty",
                "accountFilter", "accountType eq 'Customer'", "description", "Contacts in Germany with an e-mail whose account is a customer"));
        records.create(system, Marketing.SEGMENT, Map.of("name", "Reachable by e-mail", "filter", "email notempty"));
        Record fair = records.create(system, Marketing.SEGMENT, Map.of("name", "Trade fair visitors", "segmentType", Marketing.STATIC,
                "description", "Scanned badges from the autumn fair"));
        int n = 7;

        List<Map<String, Object>> consents = new ArrayList<>();
        List<String> visitors = new ArrayList<>();
        Instant base = Instant.now().minusSeconds(90L * 24 * 3600);
        records.forEach(system, Query.of("contact").limit(Query.MAX_LIMIT), contact -> {
            if (visitors.size() < 25 && random.nextInt(10) == 0) {
                visitors.add(contact.getId());
            }
            if (random.nextInt(100) >= config.consentPercent()) {
                return;
            }
            Instant given = base.plusSeconds(random.nextInt(60 * 24 * 3600));
            consents.add(entry(contact.getId(), newsletter.getId(), Marketing.GIVEN, "Web form", given));
            int roll = random.nextInt(10);
            if (roll == 0) {
                consents.add(entry(contact.getId(), newsletter.getId(), Marketing.WITHDRAWN, "Preference centre", given.plusSeconds(7L * 24 * 3600)));
            } else if (roll < 4) {
                consents.add(entry(contact.getId(), productNews.getId(), Marketing.GIVEN, "Trade fair", given.plusSeconds(3600)));
            } else if (roll == 4) {
                consents.add(entry(contact.getId(), productNews.getId(), Marketing.PENDING, "Web form", given.plusSeconds(3600)));
            }
        });
        for (int i = 0; i < consents.size(); i += 500) {
            n += records.createAll(system, Marketing.CONSENT_ENTRY, consents.subList(i, Math.min(consents.size(), i + 500))).created().size();
        }
        lists.add(system, fair.getId(), visitors, List.of());
        return n;
    }

    private static Map<String, Object> entry(String contactId, String purposeId, String status, String source, Instant at) {
        Map<String, Object> values = new HashMap<>();
        values.put("summary", status + ": demo consent by Email");
        values.put("contact", contactId);
        values.put("purpose", purposeId);
        values.put("channel", Marketing.EMAIL);
        values.put("status", status);
        values.put("source", source);
        values.put("recordedAt", at.toString());
        return values;
    }
}
