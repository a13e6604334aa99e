package org.rapportcrm.sales.internal.lead;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport lead rescoring", description = "Rescores open leads regularly, so activity points decay")
public @interface RescoringConfig {
    String PID = "org.rapportcrm.sales.scoring";

    @AttributeDefinition(description = "Rescore open leads on this node. In a cluster, leave it on for one node only.")
    boolean enabled() default true;

    @AttributeDefinition(description = "Hours between two rescorings (scores decay by whole days)")
    int intervalHours() default 24;

    @AttributeDefinition(description = "Minutes after start-up before the first rescoring")
    int firstRunAfterMinutes() default 10;
}
