package org.rapportcrm.marketing.campaigns.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport marketing campaigns", description = "How fast campaigns are sent and where their bounces go "
        + "(etc/org.rapportcrm.marketing.campaigns.cfg). The SMTP server is the platform's (etc/org.rapportcrm.mail.cfg); "
        + "the bounce mailbox is read as an org.rapportcrm.mail.inbox configuration.")
public @interface CampaignConfig {
    String PID = "org.rapportcrm.marketing.campaigns";

    @AttributeDefinition(description = "Messages per second handed to the mail queue, for all campaigns of the installation")
    int messagesPerSecond() default 500;

    @AttributeDefinition(description = "The domain of the VERP envelope senders (bounce+<token>@domain) and of the "
            + "mailto unsubscribe address (unsubscribe+<token>@domain); its mail must reach a mailbox Rapport reads")
    String bounceDomain() default "rapport.invalid";

    @AttributeDefinition(description = "Record opens and clicks (a pixel and redirected links in the HTML part)")
    boolean tracking() default true;

    @AttributeDefinition(description = "How often a message is sent again after the recipient's server gave up on it for now "
            + "(a soft bounce: a DSN that failed with a 4.x.x status, such as a full mailbox); after that the recipient counts as "
            + "bounced for this campaign, and the address stays usable")
    int softBounceRetries() default 2;

    @AttributeDefinition(description = "Minutes before a soft-bounced message is sent again")
    int softBounceRetryMinutes() default 240;

    @AttributeDefinition(description = "Attribution: how many days before an opportunity was created a contact's open or "
            + "click still counts as the campaign touching it (until it closes)")
    int attributionLookbackDays() default 90;
}
