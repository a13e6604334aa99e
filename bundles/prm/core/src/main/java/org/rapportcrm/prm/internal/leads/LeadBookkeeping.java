package org.rapportcrm.prm.internal.leads;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.prm.api.Partners;

/**
 * With every lead written, in its transaction: a new lead from a source routed automatically gets its routing task
 * (so it is offered once the lead is committed, and surely); a lead given to or taken from a partner by hand has its
 * offers brought in step. Lead distribution itself writes as the system and is left alone.
 */
@Component
public class LeadBookkeeping implements RecordTrigger {
    private final LeadDistribution distribution;
    private final TaskScheduler scheduler;
    private final Clock clock;

    @Activate
    public LeadBookkeeping(@Reference LeadDistribution distribution, @Reference TaskScheduler scheduler) {
        this(distribution, scheduler, Clock.systemUTC());
    }

    LeadBookkeeping(LeadDistribution distribution, TaskScheduler scheduler, Clock clock) {
        this.distribution = distribution;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of("lead");
    }

    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        boolean created = RecordEvents.CREATED.equals(change.kind());
        if (!created && !RecordEvents.UPDATED.equals(change.kind())) {
            return;
        }
        Object partner = change.record().get(Partners.PARTNER_ACCOUNT);
        if (created && partner == null && distribution.routesAutomatically(change.record().get("source"))) {
            scheduler.schedule(LeadTasks.ROUTE_TASK, change.record().getId(), clock.instant(), Map.of("lead", change.record().getId()));
        }
        boolean handedOver = created ? partner != null : change.changedFields().contains(Partners.PARTNER_ACCOUNT);
        if (handedOver && !actor.isSystem()) {
            distribution.handedOver(actor, change.record());
        }
    }
}
