package org.rapportcrm.marketing.internal.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.marketing.internal.StaticLists;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds marketing demo data once, in the background, when demo data is on ({@code RAPPORT_DEMO_DATA=true} or this
 * component's configuration) and there are no segments yet: consent purposes, a few dynamic segments over the demo
 * contacts (one reaching the account), a static list, and consents for most contacts (some withdrawn later, some
 * pending a double opt-in). It waits for the platform's demo contacts.
 */
@Component(configurationPid = MarketingDemoData.PID)
@Designate(ocd = MarketingDemoData.Config.class)
public class MarketingDemoData {
    public static final String PID = "org.rapportcrm.marketing.demo";
    private static final Logger LOG = LoggerFactory.getLogger(MarketingDemoData.class);
    private static final long WAIT_FOR_PLATFORM_MILLIS = TimeUnit.MINUTES.toMillis(10);

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
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "rapport-marketing-demo-data"));

    @Activate
    public MarketingDemoData(@Reference RecordService records, @Reference StaticLists lists, Config config) {
        this.records = records;
        this.lists = lists;
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
            if (!awaitContacts()) {
                LOG.warn("Marketing demo data not generated: no contacts appeared within {} minutes", TimeUnit.MILLISECONDS.toMinutes(WAIT_FOR_PLATFORM_MILLIS));
                return;
            }
            if (records.count(Actor.system(), Marketing.SEGMENT, null) > 0) {
                LOG.info("Marketing demo data not generated: there are segments already");
                return;
            }
            long start = System.nanoTime();
            int n = generate(config);
            LOG.info("Generated {} marketing demo records in {} ms", n, (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Marketing demo data generation failed: {}", e.getMessage(), e);
        }
    }

    /** Waits until the platform's demo contacts stop growing. */
    private boolean awaitContacts() throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_FOR_PLATFORM_MILLIS;
        long before = -1;
        while (System.currentTimeMillis() < deadline) {
            long now = records.count(Actor.system(), "contact", null);
            if (now > 0 && now == before && records.count(Actor.system(), "activity", null) > 0) {
                return true;
            }
            before = now;
            TimeUnit.SECONDS.sleep(2);
        }
        return false;
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
