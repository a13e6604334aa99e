package org.rapportcrm.social.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/org.rapportcrm.social.cfg}: the rules that follow a post. */
@ObjectClassDefinition(name = "Rapport social CRM", description = "What happens when a post arrives")
public @interface SocialConfig {
    String PID = "org.rapportcrm.social";

    @AttributeDefinition(description = "Words and phrases that show buying intent (a post holding one creates a lead when sales is installed)")
    String[] buyingIntentKeywords() default {"pricing", "price list", "quote", "how much", "buy", "purchase", "demo", "trial", "interested in"};

    @AttributeDefinition(description = "A negative post from a confirmed contact opens a case (channel Social) when service is installed")
    boolean caseOnNegative() default true;

    @AttributeDefinition(description = "A post with buying intent from an author who is no contact creates a lead when sales is installed")
    boolean leadOnBuyingIntent() default true;

    @AttributeDefinition(description = "Seconds a channel listens before its task hands over and reads its settings again (one node listens at a time)")
    int listenTurnSeconds() default 300;

    @AttributeDefinition(description = "Minutes the webhook-id of a signed inbound webhook message is kept to refuse replays (at least 10: "
            + "a message's timestamp may be up to 5 minutes from the server's clock either way)")
    int inboundIdRetentionMinutes() default 15;
}
