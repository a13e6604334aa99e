package org.rapportcrm.marketing.journeys.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport marketing journeys", description = "How often journeys look for new contacts and due steps "
        + "(etc/org.rapportcrm.marketing.journeys.cfg). The pass runs on one node of the cluster at a time.")
public @interface JourneyConfig {
    String PID = "org.rapportcrm.marketing.journeys";

    @AttributeDefinition(description = "Seconds between two passes: new segment entries and dates, then the steps that are due")
    int passSeconds() default 10;

    @AttributeDefinition(description = "Enrolments advanced per pass at most (the rest in the next pass)")
    int enrolmentsPerPass() default 2000;

    @AttributeDefinition(description = "Minutes between two looks whether a contact waiting for an open or a click has done it")
    int eventCheckMinutes() default 5;

    @AttributeDefinition(description = "Tries of a step that fails (an action refused, a missing template) before the contact is "
            + "exited from the journey")
    int maxAttempts() default 5;
}
