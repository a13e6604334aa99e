package org.rapportcrm.collaboration.internal;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapportcrm.collaboration.internal.NotificationStore.Stored;
import org.rapportcrm.platform.api.schedule.Recurrence;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.security.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The e-mail digest, once per interval in the whole cluster (the platform's clustered scheduler): each user with unread
 * notifications of kinds they get by e-mail, not mailed before, gets one message listing them, queued on the platform's mail service (sent once mail is configured). Without it it
 * leaves them waiting. A node dying between sending and recording sends that user's digest again (at least once).
 */
@Component(configurationPid = CollaborationConfig.PID)
public class EmailDigest implements ScheduledTaskHandler {
    static final String NAME = "collaboration.email-digest";
    private static final Logger LOG = LoggerFactory.getLogger(EmailDigest.class);
    private static final int USERS_PER_RUN = 500;
    private static final int ITEMS_PER_MAIL = 50;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final NotificationStore store;
    private final Directory directory;
    private final Duration interval;
    private volatile MailService mailer;

    @Activate
    public EmailDigest(@Reference NotificationStore store, @Reference Directory directory, CollaborationConfig config) {
        this.store = store;
        this.directory = directory;
        this.interval = Duration.ofMinutes(Math.max(1, config.digestMinutes()));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setMailer(MailService mailer) {
        this.mailer = mailer;
    }

    void unsetMailer(MailService mailer) {
        if (this.mailer == mailer) {
            this.mailer = null;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Recurrence> recurrence() {
        return Optional.of(Recurrence.every(interval));
    }

    @Override
    public TaskOutcome run(TaskRun run) throws Exception {
        MailService m = mailer;
        if (m == null) {
            LOG.debug("No mail service: e-mail digests wait");
            return TaskOutcome.done();
        }
        Map<String, User> active = directory.activeUsers();
        for (String userId : store.usersAwaitingDigest(USERS_PER_RUN)) {
            if (run.stopRequested()) {
                break;
            }
            List<Stored> items = store.awaitingDigest(userId, ITEMS_PER_MAIL);
            List<Long> ids = items.stream().map(Stored::id).toList();
            User user = active.get(userId);
            if (user == null || user.email() == null || user.email().isBlank()) {
                store.markMailed(ids, NotificationStore.MAIL_NO_ADDRESS);
                continue;
            }
            // Queued durably by the mail service, which sends it with retries: marked mailed once queued.
            m.send(OutgoingMail.builder().to(user.email()).subject(subject(items.size())).text(text(Directory.nameOf(user), items)).build());
            store.markMailed(ids, NotificationStore.MAIL_SENT);
        }
        return TaskOutcome.done();
    }

    static String subject(int count) {
        return count == 1 ? "1 unread notification in Rapport" : count + " unread notifications in Rapport";
    }

    static String text(String name, List<Stored> items) {
        StringBuilder b = new StringBuilder("Hello ").append(name).append(",\n\nwhile you were away:\n\n");
        for (Stored s : items) {
            b.append("- ").append(s.title()).append(" (").append(WHEN.format(s.createdAt())).append(")\n");
            if (!s.body().isBlank()) {
                b.append("  ").append(s.body().replace("\n", "\n  ")).append('\n');
            }
        }
        return b.append("\nOpen Rapport to read them. Choose what you get by e-mail under Notifications > Preferences.\n").toString();
    }
}
