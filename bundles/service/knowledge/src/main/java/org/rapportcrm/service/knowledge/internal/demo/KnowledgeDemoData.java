package org.rapportcrm.service.knowledge.internal.demo;

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
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.Cases;
import org.rapportcrm.service.knowledge.internal.KnowledgeTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds knowledge demo data once, in the background, when demo data is on ({@code RAPPORT_DEMO_DATA=true} or this
 * component's configuration) and there are no articles yet. It waits for the service demo's resolved cases, which
 * link the articles that answered them.
 */
@Component(configurationPid = KnowledgeDemoData.PID)
@Designate(ocd = KnowledgeDemoData.Config.class)
public class KnowledgeDemoData {
    public static final String PID = "org.rapportcrm.service.knowledge.demo";
    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeDemoData.class);
    private static final long WAIT_FOR_CASES_MILLIS = TimeUnit.MINUTES.toMillis(10);

    @ObjectClassDefinition(name = "Rapport knowledge demo data", description = "Generates knowledge articles into an installation without any")
    public @interface Config {
        @AttributeDefinition(description = "Generate on start (the environment variable RAPPORT_DEMO_DATA=true does the same)")
        boolean enabled() default false;

        long seed() default 42;
    }

    private final RecordService records;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "rapport-knowledge-demo-data"));

    @Activate
    public KnowledgeDemoData(@Reference RecordService records, Config config) {
        this.records = records;
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
            awaitResolvedCases();
            if (records.count(Actor.system(), KnowledgeTypes.ARTICLE, null) > 0) {
                LOG.info("Knowledge demo data not generated: there are articles already");
                return;
            }
            long start = System.nanoTime();
            int n = new KnowledgeDemoGenerator(records).generate(config.seed());
            LOG.info("Generated {} knowledge demo records in {} ms", n, (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Knowledge demo data generation failed: {}", e.getMessage(), e);
        }
    }

    /** The service demo writes its cases in the background too; articles link resolved ones (none after the wait is fine). */
    private void awaitResolvedCases() throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_FOR_CASES_MILLIS;
        long seen = -1;
        while (System.currentTimeMillis() < deadline) {
            long resolved = records.count(Actor.system(), Cases.TYPE, Filter.eq("status", Cases.CLOSED));
            if (resolved > 0 && resolved == seen) {
                return; // the service demo has finished writing cases
            }
            seen = resolved;
            TimeUnit.SECONDS.sleep(3);
        }
    }
}
