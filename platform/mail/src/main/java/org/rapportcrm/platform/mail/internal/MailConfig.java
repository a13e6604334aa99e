package org.rapportcrm.platform.mail.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport mail (SMTP)", description = "The SMTP server Rapport sends mail through, and the sender it "
        + "uses. Until host and fromAddress are set, messages are queued and wait.")
public @interface MailConfig {
    String PID = "org.rapportcrm.mail";

    enum Security { NONE, STARTTLS, TLS }

    @AttributeDefinition(description = "SMTP server host name; empty: mail is not configured (messages wait in the queue)")
    String host() default "";

    @AttributeDefinition(description = "SMTP port (25, 587 with STARTTLS, 465 with TLS)")
    int port() default 25;

    @AttributeDefinition(description = "NONE, STARTTLS (required, not opportunistic) or TLS (implicit, as on port 465)")
    Security security() default Security.NONE;

    @AttributeDefinition(description = "User name for SMTP AUTH; empty for none", required = false)
    String user() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Password for SMTP AUTH", required = false)
    String password() default "";

    @AttributeDefinition(description = "The sender of messages that name none, and of templates' mail (noreply@example.org)")
    String fromAddress() default "";

    @AttributeDefinition(description = "The sender's display name", required = false)
    String fromName() default "";

    @AttributeDefinition(description = "SMTP connections kept open and reused per node (1-8): reuse sends several times faster than a connection per message")
    int connections() default 2;

    @AttributeDefinition(description = "At most this many messages per second per node (0: no limit), as some providers require")
    int maxPerSecond() default 0;

    @AttributeDefinition(description = "Attempts before a message that keeps failing temporarily is given up (failed)")
    int maxAttempts() default 10;

    @AttributeDefinition(description = "Seconds to wait for the server when connecting, reading and writing")
    int timeoutSeconds() default 30;

    @AttributeDefinition(description = "DKIM (RFC 6376): the signing domain (d=), usually the sender's; empty: messages are not signed",
            required = false)
    String dkimDomain() default "";

    @AttributeDefinition(description = "DKIM: the selector (s=) under which the public key is published in DNS "
            + "(<selector>._domainkey.<domain> TXT \"v=DKIM1; k=rsa; p=...\")", required = false)
    String dkimSelector() default "";

    @AttributeDefinition(description = "DKIM: the file with the RSA private key, PKCS#8 as PEM (BEGIN PRIVATE KEY) or DER, "
            + "for example from: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out dkim.pem", required = false)
    String dkimKeyFile() default "";
}
