package org.rapportcrm.service.surveys.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport surveys", description = "How customers reach the surveys Rapport e-mails them")
public @interface SurveysConfig {
    String PID = "org.rapportcrm.service.surveys";

    @AttributeDefinition(description = "The address at which customers reach this installation (scheme, host, port), for the links in survey e-mails")
    String publicUrl() default "http://localhost:8181";

    @AttributeDefinition(description = "Hours after rating during which the customer may still add a comment through the link")
    int commentHours() default 48;
}
