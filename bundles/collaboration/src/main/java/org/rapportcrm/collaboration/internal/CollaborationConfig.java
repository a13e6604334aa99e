package org.rapportcrm.collaboration.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the collaboration capability, in {@code etc/org.rapportcrm.collaboration.cfg}. */
@ObjectClassDefinition(name = "Rapport collaboration")
public @interface CollaborationConfig {
    String PID = "org.rapportcrm.collaboration";

    @AttributeDefinition(description = "Seconds between heartbeat comments on open notification streams (15-30 keeps proxies from cutting them)")
    int heartbeatSeconds() default 20;

    @AttributeDefinition(description = "Events a notification stream may have waiting for a slow reader before it is closed (the browser reconnects and resumes)")
    int streamQueueLimit() default 256;

    @AttributeDefinition(description = "Minutes between e-mail digests of unread notifications")
    int digestMinutes() default 60;
}
