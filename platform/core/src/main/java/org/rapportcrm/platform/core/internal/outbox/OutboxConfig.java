package org.rapportcrm.platform.core.internal.outbox;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport outbox", description = "How the durable consumers of record changes are run")
public @interface OutboxConfig {
    String PID = "org.rapportcrm.outbox";

    @AttributeDefinition(description = "Milliseconds between looks for new entries when no commit woke a consumer "
            + "(commits on this node and notices from the others wake consumers at once)")
    long pollMillis() default 2000;

    @AttributeDefinition(description = "Seconds a node holds a consumer without renewing; another node takes a dead node's "
            + "consumers over after this")
    int leaseSeconds() default 20;

    @AttributeDefinition(description = "Longest wait, in seconds, before a failed batch is given to its consumer again "
            + "(the wait doubles from one second up to this)")
    int maxBackoffSeconds() default 300;

    @AttributeDefinition(description = "Failures in a row after which the node's health reports the consumer down")
    int failuresBeforeDown() default 5;
}
