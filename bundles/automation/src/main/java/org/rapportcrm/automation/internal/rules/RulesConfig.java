package org.rapportcrm.automation.internal.rules;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport workflow rules", description = "How the automation capability runs workflow rules")
public @interface RulesConfig {
    String PID = "org.rapportcrm.automation.rules";

    @AttributeDefinition(name = "Longest chain", description = "How many changes made by rules may follow one another "
            + "(rule A's change fires rule B, whose change fires rule C, ...) before the next rule is skipped as a loop", min = "1", max = "50")
    int maxChainDepth() default 5;
}
