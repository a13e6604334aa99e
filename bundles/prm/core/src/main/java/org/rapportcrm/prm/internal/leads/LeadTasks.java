package org.rapportcrm.prm.internal.leads;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.automation.AutomationTrigger;
import org.rapportcrm.platform.api.notification.NotificationKind;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;

/**
 * Lead distribution's work on the clustered scheduler: the deadline of each offer (instance id = the offer's id), and
 * the routing of a lead from an automatic source (instance id = the lead's id). Both look at the records as they are
 * when they run, so a repeated run changes nothing.
 */
public final class LeadTasks {
    static final String ROUTE_TASK = "prm.lead-routing";

    private LeadTasks() {
    }

    @Component(service = ScheduledTaskHandler.class)
    public static class OfferDeadline implements ScheduledTaskHandler {
        private final LeadDistribution distribution;

        @Activate
        public OfferDeadline(@Reference LeadDistribution distribution) {
            this.distribution = distribution;
        }

        @Override
        public String name() {
            return LeadDistribution.DEADLINE_TASK;
        }

        @Override
        public TaskOutcome run(TaskRun run) {
            Optional<Instant> later = distribution.deadlineDue((String) run.data().get("offer"));
            return later.map(TaskOutcome::runAgainAt).orElse(TaskOutcome.done());
        }
    }

    @Component(service = ScheduledTaskHandler.class)
    public static class NewLeadRouting implements ScheduledTaskHandler {
        private final LeadDistribution distribution;

        @Activate
        public NewLeadRouting(@Reference LeadDistribution distribution) {
            this.distribution = distribution;
        }

        @Override
        public String name() {
            return ROUTE_TASK;
        }

        @Override
        public TaskOutcome run(TaskRun run) {
            distribution.distributeNew((String) run.data().get("lead"));
            return TaskOutcome.done();
        }
    }

    /** Channel managers choose how they hear that an offer ran out or was rejected, and where its lead went. */
    @Component(service = NotificationKind.class)
    public static class Kind implements NotificationKind {
        @Override
        public String id() {
            return LeadDistribution.NOTIFICATION_KIND;
        }

        @Override
        public String label() {
            return "A partner rejected a lead offer or let it run out";
        }
    }

    /** Workflow rules may follow up a lead offer a partner rejected or let run out (its data: nextPartner, backToOwner). */
    @Component(service = AutomationTrigger.class)
    public static class Declined implements AutomationTrigger {
        @Override
        public String id() {
            return LeadDistribution.UNANSWERED_TRIGGER;
        }

        @Override
        public String label() {
            return "A partner rejected a lead offer or let it run out";
        }

        @Override
        public Set<String> recordTypes() {
            return Set.of(LeadOffers.TYPE);
        }
    }
}
