package org.rapportcrm.platform.mail.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.platform.api.schedule.TaskScheduler;

/**
 * One configured mailbox ({@code etc/org.rapportcrm.mail.inbox-<name>.cfg}). Its reads are a task on the clustered
 * scheduler under the mailbox's name, so one node of the cluster reads it at a time; every node with the
 * configuration makes sure the task exists.
 */
@Component(service = Inbox.class, configurationPid = InboxConfig.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = InboxConfig.class, factory = true)
public class Inbox {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,80}");
    private final InboxConfig config;
    private final Session session;

    @Activate
    public Inbox(@Reference MimeSupport mime, @Reference TaskScheduler scheduler, InboxConfig config) {
        if (config.name() == null || !NAME.matcher(config.name()).matches()) {
            throw new IllegalArgumentException(InboxConfig.FACTORY_PID + ": name '" + config.name()
                    + "' must be 1-80 letters, digits, '.', '-' or '_'");
        }
        this.config = config;
        this.session = Session.getInstance(properties(config));
        scheduler.scheduleIfAbsent(InboxPoll.NAME, config.name(), Instant.now(), Map.of());
    }

    private static Properties properties(InboxConfig config) {
        String protocol = protocol(config);
        String timeout = String.valueOf(Duration.ofSeconds(Math.max(1, config.timeoutSeconds())).toMillis());
        Properties p = new Properties();
        p.put("mail." + protocol + ".connectiontimeout", timeout);
        p.put("mail." + protocol + ".timeout", timeout);
        p.put("mail." + protocol + ".writetimeout", timeout);
        if (config.tls()) {
            p.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        return p;
    }

    private static String protocol(InboxConfig config) {
        return config.tls() ? "imaps" : "imap";
    }

    String name() {
        return config.name();
    }

    String folder() {
        return config.folder();
    }

    /** How long a read waits for new mail with IDLE (zero: it does not): kept below the read timeout, which would end it. */
    Duration idle() {
        return Duration.ofSeconds(Math.max(0, Math.min(config.idleSeconds(), config.timeoutSeconds() - 5)));
    }

    Duration pollInterval() {
        return Duration.ofSeconds(Math.max(1, config.pollSeconds()));
    }

    long maxMessageBytes() {
        return Math.max(1, config.maxMessageMegabytes()) * 1024L * 1024L;
    }

    Session session() {
        return session;
    }

    Store connect() throws MessagingException {
        Store store = session.getStore(protocol(config));
        store.connect(config.host(), config.port(), config.user(), config.password());
        return store;
    }
}
