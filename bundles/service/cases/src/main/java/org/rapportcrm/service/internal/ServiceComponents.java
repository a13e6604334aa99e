package org.rapportcrm.service.internal;

import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.automation.AutomationTrigger;
import org.rapportcrm.platform.api.notification.NotificationKind;
import org.rapportcrm.platform.api.security.SharingRule;
import org.rapportcrm.service.internal.sla.SlaEscalations;

/** The small declarations of the service capability: what it shares with customers and what it tells others. */
public final class ServiceComponents {
    private ServiceComponents() {
    }

    /**
     * A case is shared with its account, so the account's portal users see their company's cases (and nobody else's);
     * where the portal shows customers only their own cases, with its contact.
     */
    @Component
    public static class SharedCases implements SharingRule {
        @Override
        public String recordType() {
            return ServiceTypes.CASE;
        }

        @Override
        public List<String> pathToAccount() {
            return List.of("account");
        }

        @Override
        public List<String> pathToContact() {
            return List.of("contact");
        }
    }

    /** Workflow rules may start from a clock's warning. */
    @Component
    public static class SlaWarningTrigger implements AutomationTrigger {
        @Override
        public String id() {
            return SlaEscalations.WARNING_TRIGGER;
        }

        @Override
        public String label() {
            return "SLA warning on a case";
        }

        @Override
        public Set<String> recordTypes() {
            return Set.of(ServiceTypes.CASE);
        }
    }

    /** Workflow rules may start from a clock's breach. */
    @Component
    public static class SlaBreachedTrigger implements AutomationTrigger {
        @Override
        public String id() {
            return SlaEscalations.BREACHED_TRIGGER;
        }

        @Override
        public String label() {
            return "SLA breached on a case";
        }

        @Override
        public Set<String> recordTypes() {
            return Set.of(ServiceTypes.CASE);
        }
    }

    /** Owners and managers hear of SLA warnings and breaches of cases. */
    @Component
    public static class SlaEscalationKind implements NotificationKind {
        @Override
        public String id() {
            return SlaEscalations.NOTIFICATION_KIND;
        }

        @Override
        public String label() {
            return "An SLA warning or breach on a case I own or manage";
        }

        @Override
        public boolean emailByDefault() {
            return true;
        }
    }
}
