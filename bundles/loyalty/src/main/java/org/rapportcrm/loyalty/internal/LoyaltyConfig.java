package org.rapportcrm.loyalty.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport loyalty points", description = "How many points customers earn")
public @interface LoyaltyConfig {
    String PID = "org.rapportcrm.loyalty";

    @AttributeDefinition(description = "Points for a completed meeting with the contact")
    long pointsPerMeeting() default 10;

    @AttributeDefinition(description = "Points for a completed call with the contact")
    long pointsPerCall() default 5;

    @AttributeDefinition(description = "Points per 100 of the amount of a won opportunity")
    long pointsPer100Won() default 1;
}
