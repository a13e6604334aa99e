package org.rapportcrm.marketing.internal;

import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.automation.AutomationTrigger;

/** What workflow rules (and later journeys) can start from: a contact entering or leaving a segment. */
public final class SegmentTriggers {
    private SegmentTriggers() {
    }

    @Component
    public static class Entered implements AutomationTrigger {
        @Override
        public String id() {
            return Marketing.SEGMENT_ENTERED;
        }

        @Override
        public String label() {
            return "Contact entered a segment";
        }

        @Override
        public Set<String> recordTypes() {
            return Set.of("contact");
        }
    }

    @Component
    public static class Exited implements AutomationTrigger {
        @Override
        public String id() {
            return Marketing.SEGMENT_EXITED;
        }

        @Override
        public String label() {
            return "Contact left a segment";
        }

        @Override
        public Set<String> recordTypes() {
            return Set.of("contact");
        }
    }
}
