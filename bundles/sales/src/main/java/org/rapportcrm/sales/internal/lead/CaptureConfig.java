package org.rapportcrm.sales.internal.lead;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport lead capture", description = "The public web-form endpoint POST /forms/leads/{formKey}")
public @interface CaptureConfig {
    String PID = "org.rapportcrm.sales.capture";

    @AttributeDefinition(description = "Posts one client address may make per minute: bursts of up to this many, then one more "
            + "every 60/n seconds (a token bucket). 0 turns the limit off.")
    int postsPerMinute() default 10;

    @AttributeDefinition(description = "Take the client address from the last entry of X-Forwarded-For (the one your reverse proxy "
            + "added). Only behind a proxy that sets the header: otherwise any client can pick its own address.")
    boolean trustProxy() default false;

    @AttributeDefinition(description = "Largest request body accepted, in kilobytes; larger posts get 413")
    int maxBodyKilobytes() default 64;

    @AttributeDefinition(description = "Sites a web form may send the visitor to after a submission, as origins such as "
            + "https://www.example.com (scheme, host and any port). Without them a form's redirect must be a path on this "
            + "server: anything else would make the public form endpoint an open redirect.")
    String[] allowedRedirectOrigins() default {};
}
