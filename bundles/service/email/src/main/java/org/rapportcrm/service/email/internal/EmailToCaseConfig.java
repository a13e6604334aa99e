package org.rapportcrm.service.email.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport e-mail to case", description = "How messages to the service mailboxes become cases "
        + "(which mailboxes, with which queue and acknowledgement, are the serviceMailbox settings records)")
public @interface EmailToCaseConfig {
    String PID = "org.rapportcrm.service.email";

    @AttributeDefinition(description = "A sender gets at most one automatic acknowledgement in this many minutes, however many "
            + "cases their messages open (RFC 3834 loop protection)")
    int acknowledgementWindowMinutes() default 60;
}
