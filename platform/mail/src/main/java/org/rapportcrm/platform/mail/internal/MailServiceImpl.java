package org.rapportcrm.platform.mail.internal;

import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.file.FileContent;
import org.rapportcrm.platform.api.file.FileService;
import org.rapportcrm.platform.api.mail.InvalidMailException;
import org.rapportcrm.platform.api.mail.MailAddress;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.mail.MailStatus;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.mail.RenderedMail;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordException;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRunningException;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;

/**
 * The mail service: queues messages as records and a send task each on the clustered scheduler, in one transaction;
 * the task ({@link #deliver}) sends over the reused connections and writes down what the server answered.
 */
@Component(service = {MailService.class, MailServiceImpl.class})
public class MailServiceImpl implements MailService {
    static final String SEND = "mail.send";
    static final String RESUME = "mail.resume";
    /** How long a message waits before it looks again whether mail is configured (configuring it resumes them all). */
    private static final Duration UNCONFIGURED_WAIT = Duration.ofMinutes(10);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(30);
    private static final int LISTED = 200;
    static final String IN_DOUBT = "Being handed to the server";
    static final String LEFT_IN_DOUBT = "In doubt, not sent again: the node sending it stopped while the server was taking it, "
            + "so the server may have it (sent at most once)";

    private final RecordService records;
    private final TaskScheduler scheduler;
    private final MailSettings settings;
    private final UserService users;
    private final MetadataService metadata;
    private final FileService files;
    private final TemplateRenderer templates = new TemplateRenderer();

    @Activate
    public MailServiceImpl(@Reference RecordService records, @Reference TaskScheduler scheduler, @Reference MailSettings settings,
            @Reference UserService users, @Reference MetadataService metadata, @Reference FileService files) {
        this.records = records;
        this.scheduler = scheduler;
        this.settings = settings;
        this.users = users;
        this.metadata = metadata;
        this.files = files;
    }

    @Override
    public String send(OutgoingMail mail) {
        String messageId = "<" + UUID.randomUUID() + "@" + domain() + ">";
        Map<String, Object> values = MimeMessages.values(mail, messageId, settings.sender());
        records.inTransaction(() -> {
            Record queued = records.create(Actor.system(), MailTypes.MESSAGE, values);
            scheduler.schedule(SEND, queued.getId(), Instant.now(), Map.of());
            return queued;
        });
        return messageId;
    }

    private String domain() {
        MailAddress sender = settings.sender();
        return sender == null ? "rapport.invalid" : sender.address().substring(sender.address().lastIndexOf('@') + 1);
    }

    @Override
    public Optional<MailStatus> status(String messageId) {
        return records.query(Actor.system(), Query.of(MailTypes.MESSAGE).where(Filter.eq("messageId", messageId)).limit(1))
                .items().stream().findFirst().map(MailServiceImpl::status);
    }

    @Override
    public List<MailStatus> messagesAbout(Actor actor, String recordType, String recordId) {
        records.get(actor, recordType, recordId); // not found unless the actor may read it
        return records.query(Actor.system(), Query.of(MailTypes.MESSAGE)
                .where(Filter.and(Filter.eq("relatedId", recordId), Filter.eq("relatedType", recordType)))
                .sortBy("createdAt", true).limit(LISTED)).items().stream().map(MailServiceImpl::status).toList();
    }

    static MailStatus status(Record m) {
        MailStatus.State state = switch (String.valueOf(m.get("status"))) {
            case MailTypes.SENT -> MailStatus.State.SENT;
            case MailTypes.FAILED -> MailStatus.State.FAILED;
            default -> MailStatus.State.QUEUED;
        };
        List<String> to = new ArrayList<>();
        MimeMessages.split(m.get("toAddresses")).forEach(a -> to.add(a.toString()));
        MimeMessages.split(m.get("ccAddresses")).forEach(a -> to.add(a.toString()));
        Object attempts = m.get("attempts");
        return new MailStatus(m.get("messageId").toString(), state, attempts == null ? 0 : ((Number) attempts).intValue(),
                (String) m.get("lastReply"), m.getCreatedAt(), (Instant) m.get("sentAt"), (String) m.get("subject"), to,
                (String) m.get("relatedType"), (String) m.get("relatedId"));
    }

    @Override
    public RenderedMail render(String template, Record record, Actor actor) {
        return render(template(template), record, actor);
    }

    RenderedMail render(Record template, Record record, Actor actor) {
        Object writtenFor = template.get("recordType");
        if (writtenFor != null && !writtenFor.toString().isBlank() && !writtenFor.equals(record.getType())) {
            throw new InvalidMailException("recordType", "the template '" + template.get("name") + "' is written for "
                    + writtenFor + " records, not " + record.getType());
        }
        RecordType type = metadata.type(record.getType()).orElse(null);
        Map<String, Map<String, Object>> referenced = new LinkedHashMap<>();
        for (FieldDefinition f : TemplateRenderer.references(type)) {
            referenced.put(f.getApiName(), TemplateRenderer.values(referenced(f, record.get(f.getApiName()), actor),
                    metadata.type(f.getReferenceTo()).orElse(null)));
        }
        Map<String, Object> model = TemplateRenderer.model(TemplateRenderer.values(record, type), person(record.getOwner()), sender(actor), referenced);
        return templates.render(template, model);
    }

    /** The record a reference names, as the actor may read it; null when it names none or one hidden from the actor. */
    private Record referenced(FieldDefinition field, Object id, Actor actor) {
        if (id == null) {
            return null;
        }
        try {
            return records.get(actor == null ? Actor.system() : actor, field.getReferenceTo(), id.toString());
        } catch (RecordException e) {
            return null;
        }
    }

    /** A template by id, or else by name. */
    Record template(String idOrName) {
        try {
            return records.get(Actor.system(), MailTypes.TEMPLATE, idOrName);
        } catch (RecordNotFoundException e) {
            return records.query(Actor.system(), Query.of(MailTypes.TEMPLATE).where(Filter.eq("name", idOrName)).limit(1))
                    .items().stream().findFirst()
                    .orElseThrow(() -> new RecordNotFoundException("No e-mail template '" + idOrName + "'"));
        } catch (RecordException e) {
            throw new RecordNotFoundException("No e-mail template '" + idOrName + "'");
        }
    }

    private Map<String, Object> sender(Actor actor) {
        if (actor == null || actor.isSystem()) {
            MailAddress sender = settings.sender();
            Map<String, Object> p = new HashMap<>();
            p.put("name", sender == null ? null : sender.name());
            p.put("email", sender == null ? null : sender.address());
            return p;
        }
        return person(actor.userId());
    }

    private Map<String, Object> person(String userId) {
        Optional<User> user = userId == null ? Optional.empty() : users.user(Actor.system(), userId);
        Map<String, Object> p = new HashMap<>();
        p.put("name", user.map(User::displayName).orElse(null));
        p.put("email", user.map(User::email).orElse(null));
        return p;
    }

    @Override
    public String sendTemplate(String template, Record record, Actor actor, Collection<String> to) {
        RenderedMail rendered = render(template, record, actor);
        return send(OutgoingMail.builder().to(to.toArray(String[]::new)).content(rendered)
                .about(record.getType(), record.getId()).build());
    }

    @Override
    public boolean isConfigured() {
        return settings.configured();
    }

    /** One try of a queued message (the send task): sends it and records how the server took it. */
    TaskOutcome deliver(String id) throws InterruptedException {
        Record message;
        try {
            message = records.get(Actor.system(), MailTypes.MESSAGE, id);
        } catch (RecordNotFoundException e) {
            return TaskOutcome.done();
        }
        if (!MailTypes.QUEUED.equals(message.get("status"))) {
            return TaskOutcome.done(); // sent or failed already: a repeated run
        }
        Instant now = Instant.now();
        if (!settings.configured()) {
            return TaskOutcome.runAgainAt(now.plus(UNCONFIGURED_WAIT));
        }
        Duration wait = settings.rate().take();
        if (!wait.isZero()) {
            return TaskOutcome.runAgainAt(now.plus(wait));
        }
        long attempts = ((Number) message.get("attempts")).longValue() + 1;
        if (Boolean.TRUE.equals(message.get("atMostOnce"))) {
            // Committed before SMTP: a rerun that finds it knows the node died while the server was taking the message.
            if (IN_DOUBT.equals(message.get("lastReply"))) {
                records.update(Actor.system(), MailTypes.MESSAGE, id, message.getVersion(), Map.of("status", MailTypes.FAILED, "lastReply", LEFT_IN_DOUBT));
                return TaskOutcome.done();
            }
            message = records.update(Actor.system(), MailTypes.MESSAGE, id, message.getVersion(), Map.of("attempts", attempts, "lastReply", IN_DOUBT));
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("attempts", attempts);
        SmtpConnections.Outcome outcome;
        try {
            SMTPMessage mime = MimeMessages.build(settings.session(), message, settings.sender(), attachments(message));
            DkimSigning dkim = settings.dkim();
            outcome = settings.connections().send(dkim == null ? mime : dkim.sign(mime), MimeMessages.recipients(message));
        } catch (MessagingException | IOException | RecordException | IllegalArgumentException e) {
            String why = ("The message cannot be built: " + e.getMessage()).replaceAll("\\s+", " ");
            outcome = new SmtpConnections.Outcome(false, true, why.length() > 1000 ? why.substring(0, 1000) : why);
        }
        changes.put("lastReply", outcome.reply());
        TaskOutcome next = TaskOutcome.done();
        if (outcome.accepted()) {
            changes.put("status", MailTypes.SENT);
            changes.put("sentAt", Instant.now());
        } else if (outcome.permanent() || attempts >= settings.maxAttempts()) {
            changes.put("status", MailTypes.FAILED);
        } else {
            next = TaskOutcome.runAgainAt(now.plus(backoff(attempts)));
        }
        records.update(Actor.system(), MailTypes.MESSAGE, id, message.getVersion(), changes);
        return next;
    }

    /** 5 s after the first failure, doubling up to half an hour. */
    static Duration backoff(long attempts) {
        Duration wait = Duration.ofSeconds(5).multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private List<MimeMessages.Attachment> attachments(Record message) throws IOException {
        List<MimeMessages.Attachment> list = new ArrayList<>();
        for (String fileId : MimeMessages.attachmentIds(message)) {
            FileContent content = files.open(Actor.system(), fileId);
            try (InputStream in = content.read()) {
                list.add(new MimeMessages.Attachment(content.file().name(), content.file().mediaType(), in.readAllBytes()));
            }
        }
        return list;
    }

    /** Sends every queued message now (the resume task, once mail is configured); returns how many. */
    int resumeQueued() {
        int[] n = {0};
        Instant now = Instant.now();
        records.forEach(Actor.system(), Query.of(MailTypes.MESSAGE).where(Filter.eq("status", MailTypes.QUEUED)).limit(500), m -> {
            try {
                if (!scheduler.reschedule(SEND, m.getId(), now)) {
                    scheduler.scheduleIfAbsent(SEND, m.getId(), now, Map.of());
                }
                n[0]++;
            } catch (TaskRunningException e) {
                // being sent right now
            }
        });
        return n[0];
    }
}
