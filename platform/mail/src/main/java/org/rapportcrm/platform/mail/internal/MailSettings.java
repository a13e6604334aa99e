package org.rapportcrm.platform.mail.internal;

import jakarta.mail.Authenticator;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.platform.api.mail.InvalidMailException;
import org.rapportcrm.platform.api.mail.MailAddress;
import org.rapportcrm.platform.api.schedule.TaskScheduler;

/**
 * The SMTP settings ({@code etc/org.rapportcrm.mail.cfg}) and what is made from them once: the mail session, the
 * pool of reused connections and the rate limit. Without a host and a sender, mail is not configured and messages
 * wait in the queue. A change of the settings takes effect in place (the components using them stay up, so the node
 * stays ready); once mail is configured, the messages that waited are sent.
 */
@Component(service = MailSettings.class, configurationPid = MailConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MailConfig.class)
public class MailSettings {
    /** What one version of the settings makes. */
    private record Current(MailConfig config, MailAddress sender, Session session, SmtpConnections connections, SendRate rate, DkimSigning dkim) {
    }

    private final TaskScheduler scheduler;
    private volatile Current current;

    @Activate
    public MailSettings(@Reference MimeSupport mime, @Reference TaskScheduler scheduler, MailConfig config) {
        this.scheduler = scheduler;
        apply(config);
    }

    @Modified
    void apply(MailConfig config) {
        MailAddress sender = config.fromAddress().isBlank() ? null
                : sender(config.fromAddress(), config.fromName().isBlank() ? null : config.fromName());
        DkimSigning dkim = DkimSigning.of(config);
        Session session = config.host().isBlank() ? null : Session.getInstance(properties(config), authenticator(config));
        SmtpConnections connections = session == null ? null : new SmtpConnections(session, Math.max(1, Math.min(8, config.connections())));
        Current before = current;
        current = new Current(config, sender, session, connections, new SendRate(config.maxPerSecond()), dkim);
        if (before != null && before.connections() != null) {
            before.connections().close();
        }
        if (configured()) {
            // Messages queued while mail was not configured (or configured differently) go out now.
            scheduler.scheduleIfAbsent(MailServiceImpl.RESUME, "queued", Instant.now(), Map.of());
        }
    }

    private static MailAddress sender(String address, String name) {
        try {
            return MailAddress.of(address, name);
        } catch (InvalidMailException e) {
            throw new IllegalArgumentException(MailConfig.PID + ": fromAddress '" + address + "' is not an e-mail address", e);
        }
    }

    static Properties properties(MailConfig config) {
        Properties p = new Properties();
        String timeout = String.valueOf(Duration.ofSeconds(Math.max(1, config.timeoutSeconds())).toMillis());
        p.put("mail.smtp.host", config.host());
        p.put("mail.smtp.port", String.valueOf(config.port()));
        p.put("mail.smtp.connectiontimeout", timeout);
        p.put("mail.smtp.timeout", timeout);
        p.put("mail.smtp.writetimeout", timeout);
        // Deliver to the recipients the server accepts even if it refuses some; the refused are named in the status.
        p.put("mail.smtp.sendpartial", "true");
        if (!config.user().isBlank()) {
            p.put("mail.smtp.auth", "true");
        }
        switch (config.security()) {
            case STARTTLS -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
                p.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case TLS -> {
                p.put("mail.smtp.ssl.enable", "true");
                p.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            default -> { }
        }
        return p;
    }

    private static Authenticator authenticator(MailConfig config) {
        if (config.user().isBlank()) {
            return null;
        }
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(config.user(), config.password());
            }
        };
    }

    /** Whether messages can be sent: a server and a sender are set. */
    boolean configured() {
        Current c = current;
        return c.session() != null && c.sender() != null;
    }

    /** The configured sender, or null. */
    MailAddress sender() {
        return current.sender();
    }

    /** The session for building messages; a session without a server when mail is not configured. */
    Session session() {
        Session s = current.session();
        return s != null ? s : Session.getInstance(new Properties());
    }

    /** The DKIM signing of outgoing messages, or null when it is not configured. */
    DkimSigning dkim() {
        return current.dkim();
    }

    SmtpConnections connections() {
        return current.connections();
    }

    SendRate rate() {
        return current.rate();
    }

    int maxAttempts() {
        return Math.max(1, current.config().maxAttempts());
    }

    String server() {
        return current.config().host() + ":" + current.config().port();
    }

    @Deactivate
    void close() {
        Current c = current;
        if (c.connections() != null) {
            c.connections().close();
        }
    }
}
