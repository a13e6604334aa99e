package org.rapportcrm.sales.internal.lead;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rescores the open leads (neither converted nor unqualified) once a day, so that activity points decay even when
 * nothing happens to a lead. The thread is this component's own and stops with it.
 *
 * <p>Cluster: every node with this component enabled runs the rescoring. That is safe (the result is the same on
 * every node, a score that did not change is not written, and a lead changed meanwhile is skipped by optimistic
 * locking) but wasted work: set {@code enabled=false} in {@code etc/org.rapportcrm.sales.scoring.cfg} on all nodes but one.
 */
@Component(configurationPid = RescoringConfig.PID)
@Designate(ocd = RescoringConfig.class)
public class LeadRescoring {
    private static final Logger LOG = LoggerFactory.getLogger(LeadRescoring.class);
    private static final int PAGE = 200;

    private final RecordService records;
    private final LeadScoring scoring;
    private final ScheduledExecutorService executor;

    @Activate
    public LeadRescoring(@Reference RecordService records, @Reference LeadScoring scoring, RescoringConfig config) {
        this.records = records;
        this.scoring = scoring;
        if (config.enabled()) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rapport-lead-rescoring");
                t.setDaemon(true);
                return t;
            });
            long interval = TimeUnit.HOURS.toMinutes(Math.max(1, config.intervalHours()));
            executor.scheduleWithFixedDelay(this::run, Math.max(0, config.firstRunAfterMinutes()), interval, TimeUnit.MINUTES);
        } else {
            executor = null;
        }
    }

    @Deactivate
    void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void run() {
        try {
            long start = System.nanoTime();
            int changed = rescoreOpenLeads();
            LOG.info("Rescored open leads: {} scores changed in {} ms", changed, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (RuntimeException e) {
            // Thrown out of the task it would cancel every later run.
            LOG.error("Rescoring open leads failed; trying again at the next interval", e);
        }
    }

    /** Rescores every open lead, a page at a time (by id, which updates do not move); returns how many scores changed. */
    int rescoreOpenLeads() {
        Query q = Query.of(SalesTypes.LEAD).where(Filter.and(Filter.ne("status", SalesTypes.LEAD_CONVERTED), Filter.ne("status", "Unqualified")))
                .sortBy("id", false).limit(PAGE);
        int changed = 0;
        while (!Thread.currentThread().isInterrupted()) {
            Page<Record> page = records.query(Actor.system(), q);
            for (Record lead : page.items()) {
                try {
                    if (scoring.rescore(lead.getId())) {
                        changed++;
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Could not rescore lead {}: {}", lead.getId(), e.getMessage());
                }
            }
            if (page.nextCursor() == null) {
                break;
            }
            q = q.after(page.nextCursor());
        }
        return changed;
    }
}
