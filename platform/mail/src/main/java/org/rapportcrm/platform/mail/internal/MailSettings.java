package org.rapportcrm.platform.mail.internal;

import jakarta.mail.Authenticator;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import java.time.Duration;
import java.util.Properties;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.platform.api.mail.InvalidMailException;
import org.rapportcrm.platform.api.mail.MailAddress;

/**
 * The SMTP settings ({@code etc/org.rapportcrm.mail.cfg}) and what is made from them once: the mail session, the
 * pool of reused connections and the rate limit. Without a host and a sender, mail is not configured and messages
 * wait in the queue.
 */
@Component(service = MailSettings.class, configurationPid = MailConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MailConfig.class)
public class MailSettings {
    private final MailConfig config;
    private final MailAddress sender;
    private final Session session;
    private final SmtpConnections connections;
    private final SendRate rate;

    @Activate
    public MailSettings(@Reference MimeSupport mime, MailConfig config) {
        this.config = config;
        this.sender = config.fromAddress().isBlank() ? null
                : sender(config.fromAddress(), config.fromName().isBlank() ? null : config.fromName());
        this.session = config.host().isBlank() ? null : Session.getInstance(properties(config), authenticator(config));
        this.connections = session == null ? null : new SmtpConnections(session, Math.max(1, Math.min(8, config.connections())));
        this.rate = new SendRate(config.maxPerSecond());
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
        p.put("mail.mime.allowutf8", "false");
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
        return session != null && sender != null;
    }

    /** The configured sender, or null. */
    MailAddress sender() {
        return sender;
    }

    /** The session for building messages; a session without a server when mail is not configured. */
    Session session() {
        return session != null ? session : Session.getInstance(new Properties());
    }

    SmtpConnections connections() {
        return connections;
    }

    SendRate rate() {
        return rate;
    }

    int maxAttempts() {
        return Math.max(1, config.maxAttempts());
    }

    String server() {
        return config.host() + ":" + config.port();
    }

    @Deactivate
    void close() {
        if (connections != null) {
            connections.close();
        }
    }
}
