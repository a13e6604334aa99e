package org.rapportcrm.platform.mail.internal;

import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
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
import org.rapportcrm.platform.api.record.BatchResult;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordException;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
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
    static final String SEND_BATCH = "mail.send-batch";
    /** Messages per send task of {@link #sendAll}: the scheduler's threads take the batches, one connection each. */
    static final int BATCH = 100;
    /**
     * Messages of a batch noted as being handed to the server at once (and their outcomes written in one
     * transaction): a node dying mid-batch leaves at most so many per connection in doubt.
     */
    static final int IN_FLIGHT = 5;
    /** How long a batch waits after one of its messages was not taken for now (as a single message's first retry). */
    private static final Duration RETRY_BATCH = Duration.ofSeconds(5);
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

    @Override
    public List<String> sendAll(List<OutgoingMail> mails) {
        if (mails.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(mails.size());
        List<Map<String, Object>> rows = new ArrayList<>(mails.size());
        List<String> batches = new ArrayList<>();
        MailAddress sender = settings.sender();
        String domain = domain();
        for (int i = 0; i < mails.size(); i++) {
            if (i % BATCH == 0) {
                batches.add(UUID.randomUUID().toString());
            }
            String messageId = "<" + UUID.randomUUID() + "@" + domain + ">";
            Map<String, Object> values = MimeMessages.values(mails.get(i), messageId, sender);
            values.put("batch", batches.get(batches.size() - 1));
            ids.add(messageId);
            rows.add(values);
        }
        records.inTransaction(() -> {
            BatchResult result = records.createAll(Actor.system(), MailTypes.MESSAGE, rows);
            if (!result.failures().isEmpty()) {
                // As send would have refused it; the transaction rolls back with the rows written so far.
                throw new ValidationException(result.failures().values().iterator().next());
            }
            Instant now = Instant.now();
            batches.forEach(batch -> scheduler.schedule(SEND_BATCH, batch, now, Map.of()));
            return null;
        });
        return ids;
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
        return render(template, record, actor, (field, id) -> referenced(field, id, actor), this::person, sender(actor));
    }

    /**
     * Fills the template for each record with one lookup of the template, one query per reference field for the
     * records referred to, and one lookup per owner.
     */
    @Override
    public List<RenderedMail> renderAll(String template, List<Record> list, Actor actor) {
        Record t = template(template);
        Actor reader = actor == null ? Actor.system() : actor;
        Map<String, Map<String, Record>> referenced = new HashMap<>();
        for (Map.Entry<String, List<Record>> byType : list.stream().collect(Collectors.groupingBy(Record::getType, LinkedHashMap::new,
                Collectors.toList())).entrySet()) {
            for (FieldDefinition f : TemplateRenderer.references(metadata.type(byType.getKey()).orElse(null))) {
                Set<String> ids = new LinkedHashSet<>();
                byType.getValue().forEach(r -> {
                    Object id = r.get(f.getApiName());
                    if (id != null) {
                        ids.add(id.toString());
                    }
                });
                referenced.computeIfAbsent(f.getReferenceTo(), k -> new HashMap<>()).putAll(readable(reader, f.getReferenceTo(), ids));
            }
        }
        Map<String, Map<String, Object>> people = new HashMap<>();
        Map<String, Object> sender = sender(actor);
        List<RenderedMail> rendered = new ArrayList<>(list.size());
        for (Record r : list) {
            rendered.add(render(t, r, actor, (field, id) -> id == null ? null : referenced.getOrDefault(field.getReferenceTo(), Map.of()).get(id.toString()),
                    userId -> userId == null ? person(null) : people.computeIfAbsent(userId, this::person), sender));
        }
        return rendered;
    }

    /** The records of these ids the actor may read, by id, a page of ids at a time. */
    private Map<String, Record> readable(Actor actor, String type, Set<String> ids) {
        Map<String, Record> found = new HashMap<>();
        List<String> all = List.copyOf(ids);
        for (int i = 0; i < all.size(); i += Query.MAX_LIMIT) {
            List<String> page = all.subList(i, Math.min(all.size(), i + Query.MAX_LIMIT));
            try {
                records.query(actor, Query.of(type).where(Filter.in("id", List.copyOf(page))).limit(page.size())).items()
                        .forEach(r -> found.put(r.getId(), r));
            } catch (RecordException e) {
                return Map.of(); // a type the actor may not read: as if every reference were empty
            }
        }
        return found;
    }

    private RenderedMail render(Record template, Record record, Actor actor, BiFunction<FieldDefinition, Object, Record> referenced,
            Function<String, Map<String, Object>> people, Map<String, Object> sender) {
        Object writtenFor = template.get("recordType");
        if (writtenFor != null && !writtenFor.toString().isBlank() && !writtenFor.equals(record.getType())) {
            throw new InvalidMailException("recordType", "the template '" + template.get("name") + "' is written for "
                    + writtenFor + " records, not " + record.getType());
        }
        RecordType type = metadata.type(record.getType()).orElse(null);
        Map<String, Map<String, Object>> references = new LinkedHashMap<>();
        for (FieldDefinition f : TemplateRenderer.references(type)) {
            references.put(f.getApiName(), TemplateRenderer.values(referenced.apply(f, record.get(f.getApiName())),
                    metadata.type(f.getReferenceTo()).orElse(null)));
        }
        Map<String, Object> model = TemplateRenderer.model(TemplateRenderer.values(record, type), people.apply(record.getOwner()), sender, references);
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
        try (SmtpConnections.Lease connection = settings.connections().lease()) {
            outcome = attempt(connection, message);
        }
        TaskOutcome next = TaskOutcome.done();
        if (!outcome(outcome, attempts, changes)) {
            next = TaskOutcome.runAgainAt(now.plus(backoff(attempts)));
        }
        records.update(Actor.system(), MailTypes.MESSAGE, id, message.getVersion(), changes);
        return next;
    }

    /** Builds the message (signed when DKIM is configured) and sends it on the held connection. */
    private SmtpConnections.Outcome attempt(SmtpConnections.Lease connection, Record message) {
        try {
            SMTPMessage mime = MimeMessages.build(settings.session(), message, settings.sender(), attachments(message));
            DkimSigning dkim = settings.dkim();
            return connection.send(dkim == null ? mime : dkim.sign(mime), MimeMessages.recipients(message));
        } catch (MessagingException | IOException | RecordException | IllegalArgumentException e) {
            String why = ("The message cannot be built: " + e.getMessage()).replaceAll("\\s+", " ");
            return new SmtpConnections.Outcome(false, true, why.length() > 1000 ? why.substring(0, 1000) : why);
        }
    }

    /**
     * Adds what the server's answer makes of the message to its changes: sent, failed for good, or (returning false)
     * still queued, to be tried again.
     */
    private boolean outcome(SmtpConnections.Outcome outcome, long attempts, Map<String, Object> changes) {
        changes.put("attempts", attempts);
        changes.put("lastReply", outcome.reply());
        if (outcome.accepted()) {
            changes.put("status", MailTypes.SENT);
            changes.put("sentAt", Instant.now());
        } else if (outcome.permanent() || attempts >= settings.maxAttempts()) {
            changes.put("status", MailTypes.FAILED);
        } else {
            return false;
        }
        return true;
    }

    /** A change of a queued message, written with the others of its round in one transaction. */
    private record Change(Record message, Map<String, Object> values, Instant retryAt) {
    }

    /** Messages of a batch noted as being sent (each as it now is), and how long the rate limit asks to wait. */
    private record Round(boolean found, List<Record> taken, Duration pause) {
    }

    /**
     * One run of a batch's send task ({@link #sendAll}): on one held connection, takes the batch's queued messages
     * {@value #IN_FLIGHT} at a time, notes the at-most-once ones as being handed to the server, sends them, and writes
     * their outcomes in the same transaction that takes the next ones. A message the server does not take for now
     * leaves the batch and is retried on its own as a single {@link #send}'s is; the batch goes on after the first
     * retry's delay (the server may be down), as it does when the rate limit asks it to wait or the node stops.
     */
    TaskOutcome deliverBatch(String batch, BooleanSupplier stopRequested) throws InterruptedException {
        if (!settings.configured()) {
            return TaskOutcome.runAgainAt(Instant.now().plus(UNCONFIGURED_WAIT));
        }
        try (SmtpConnections.Lease connection = settings.connections().lease()) {
            List<Change> done = List.of();
            while (true) {
                List<Change> previous = done;
                Round round = records.inTransaction(() -> {
                    write(previous);
                    return take(batch);
                });
                if (!round.found()) {
                    return TaskOutcome.done();
                }
                done = new ArrayList<>(round.taken().size());
                Duration pause = round.pause();
                boolean failed = false;
                for (Record message : round.taken()) {
                    if (failed) {
                        done.add(new Change(message, notSent(message), null)); // after a temporary failure: not tried now
                        continue;
                    }
                    long attempts = ((Number) message.get("attempts")).longValue() + (isAtMostOnce(message) ? 0 : 1);
                    Map<String, Object> changes = new LinkedHashMap<>();
                    Instant retryAt = null;
                    if (!outcome(attempt(connection, message), attempts, changes)) {
                        changes.put("batch", null);
                        retryAt = Instant.now().plus(backoff(attempts));
                        failed = true;
                        pause = RETRY_BATCH;
                    }
                    done.add(new Change(message, changes, retryAt));
                }
                if (pause != null || stopRequested.getAsBoolean()) {
                    List<Change> last = done;
                    records.inTransaction(() -> {
                        write(last);
                        return null;
                    });
                    return TaskOutcome.runAgainAt(Instant.now().plus(pause == null ? Duration.ZERO : pause));
                }
            }
        }
    }

    private static boolean isAtMostOnce(Record message) {
        return Boolean.TRUE.equals(message.get("atMostOnce"));
    }

    /** A message noted as being sent but not tried after all: back as it was. */
    private static Map<String, Object> notSent(Record message) {
        Map<String, Object> back = new HashMap<>();
        if (isAtMostOnce(message)) {
            back.put("attempts", ((Number) message.get("attempts")).longValue() - 1);
            back.put("lastReply", null);
        }
        return back;
    }

    private void write(List<Change> changes) {
        for (Change c : changes) {
            if (!c.values().isEmpty()) {
                records.update(Actor.system(), MailTypes.MESSAGE, c.message().getId(), c.message().getVersion(), c.values());
            }
            if (c.retryAt() != null) {
                scheduler.schedule(SEND, c.message().getId(), c.retryAt(), Map.of());
            }
        }
    }

    /**
     * The batch's next queued messages as the rate limit allows, the at-most-once ones noted as being handed to the
     * server (committed before SMTP); one a dying node left so is failed as in doubt instead.
     */
    private Round take(String batch) {
        List<Record> queued = records.query(Actor.system(), Query.of(MailTypes.MESSAGE)
                .where(Filter.and(Filter.eq("batch", batch), Filter.eq("status", MailTypes.QUEUED))).limit(IN_FLIGHT)).items();
        List<Record> taken = new ArrayList<>(queued.size());
        Duration wait = null;
        for (Record m : queued) {
            if (isAtMostOnce(m) && IN_DOUBT.equals(m.get("lastReply"))) {
                records.update(Actor.system(), MailTypes.MESSAGE, m.getId(), m.getVersion(), Map.of("status", MailTypes.FAILED, "lastReply", LEFT_IN_DOUBT));
                continue;
            }
            Duration w = settings.rate().take();
            if (!w.isZero()) {
                wait = w;
                break;
            }
            if (isAtMostOnce(m)) {
                long attempts = ((Number) m.get("attempts")).longValue() + 1;
                taken.add(records.update(Actor.system(), MailTypes.MESSAGE, m.getId(), m.getVersion(), Map.of("attempts", attempts, "lastReply", IN_DOUBT)));
            } else {
                taken.add(m);
            }
        }
        return new Round(!queued.isEmpty(), taken, wait);
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
        Set<String> batches = new HashSet<>();
        records.forEach(Actor.system(), Query.of(MailTypes.MESSAGE).where(Filter.eq("status", MailTypes.QUEUED)).limit(500), m -> {
            Object batch = m.get("batch");
            String handler = batch == null ? SEND : SEND_BATCH;
            String instance = batch == null ? m.getId() : batch.toString();
            try {
                if ((batch == null || batches.add(instance)) && !scheduler.reschedule(handler, instance, now)) {
                    scheduler.scheduleIfAbsent(handler, instance, now, Map.of());
                }
                n[0]++;
            } catch (TaskRunningException e) {
                // being sent right now
            }
        });
        return n[0];
    }
}
