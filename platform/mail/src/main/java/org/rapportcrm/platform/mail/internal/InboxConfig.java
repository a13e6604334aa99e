package org.rapportcrm.platform.mail.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport mailbox (IMAP)", description = "A mailbox whose new messages Rapport reads and hands to the "
        + "installed mail handlers (email-to-case, bounces). One configuration per mailbox "
        + "(etc/org.rapportcrm.mail.inbox-<name>.cfg); one node of a cluster reads it at a time.")
public @interface InboxConfig {
    String FACTORY_PID = "org.rapportcrm.mail.inbox";

    @AttributeDefinition(description = "The mailbox's name, as handlers see it (IncomingMail.mailbox()): letters, digits, '-', '_', '.'")
    String name();

    @AttributeDefinition(description = "IMAP server host name")
    String host();

    @AttributeDefinition(description = "IMAP port (143, or 993 with TLS)")
    int port() default 993;

    @AttributeDefinition(description = "Implicit TLS (imaps, as on port 993)")
    boolean tls() default true;

    @AttributeDefinition(description = "User name")
    String user();

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Password")
    String password();

    @AttributeDefinition(description = "The folder to read")
    String folder() default "INBOX";

    @AttributeDefinition(description = "Seconds between two reads of the mailbox")
    int pollSeconds() default 30;

    @AttributeDefinition(description = "After each read, wait this many seconds for new mail with IMAP IDLE (RFC 2177) where the "
            + "server offers it, and read at once when some arrives: mail is handled within a second instead of at the next "
            + "poll. 0: poll only. The node reading the mailbox then holds one connection and one scheduler thread for it; "
            + "at most the timeout less 5 seconds")
    int idleSeconds() default 0;

    @AttributeDefinition(description = "Messages larger than this many megabytes are skipped (and logged)")
    int maxMessageMegabytes() default 25;

    @AttributeDefinition(description = "Seconds to wait for the server when connecting, reading and writing")
    int timeoutSeconds() default 30;
}
