package org.rapportcrm.automation.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport webhooks", description = "How webhook events are sent")
public @interface WebhooksConfig {
    String PID = "org.rapportcrm.automation.webhooks";

    @AttributeDefinition(description = "Allow subscription URLs on loopback, private, link-local and other internal "
            + "addresses (refused by default, so a subscription cannot reach into the server's own network)")
    boolean allowPrivateAddresses() default false;

    @AttributeDefinition(description = "Milliseconds before a request to a receiver is given up (connect and answer)")
    long timeoutMillis() default 10_000;

    @AttributeDefinition(description = "Hours a failing delivery is retried (with a back-off doubling up to an hour) before it is a dead letter")
    int retryHours() default 72;

    @AttributeDefinition(description = "Hours a replaced secret still signs alongside the new one")
    int rotationGraceHours() default 24;

    @AttributeDefinition(description = "Days the delivery log keeps deliveries that were delivered or given up (those still "
            + "waiting to go out are kept until they do)")
    int retentionDays() default 7;

    @AttributeDefinition(description = "Most connections open at once to one receiver (host and port); more requests wait for one")
    int connectionsPerReceiver() default 32;

    @AttributeDefinition(description = "Threads of the HTTP client that sends (it waits for no answer on a thread)")
    int threads() default 8;
}
