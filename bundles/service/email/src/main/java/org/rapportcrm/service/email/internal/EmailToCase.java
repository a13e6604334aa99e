package org.rapportcrm.service.email.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.platform.api.file.FileService;
import org.rapportcrm.platform.api.mail.DeliveryReport;
import org.rapportcrm.platform.api.mail.IncomingMail;
import org.rapportcrm.platform.api.mail.IncomingMailHandler;
import org.rapportcrm.platform.api.mail.MailAddress;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.mail.RenderedMail;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.CaseMessages;
import org.rapportcrm.service.api.Cases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * E-mail to case: a message read from a service mailbox joins the case it answers (by the ids it replies to, else by
 * the case token in its subject from a participant of that case) or opens a new case with the mailbox's queue and
 * priority, so routing and SLA clocks start as for any case. Each message is kept as a {@link CaseMessages#TYPE} of its
 * case with its files. One transaction per message; handled twice (the platform's delivery is at least once), a
 * message is found by its Message-ID and changes nothing.
 *
 * <p>Decisions a CRM user expects: the sender is the case's contact, found by e-mail address or created with the name
 * of the From header (the contact's account becomes the case's). A customer's reply to a case waiting on them, or to a
 * resolved case, opens it again (the SLA clock resumes); a reply to a closed case opens a follow-up case linked to it,
 * since a closed case's history and figures are final. Machine mail (auto-submitted, bulk or list mail) never opens a
 * case; threaded into one, it is kept but changes nothing. A bounce of one of a case's messages is kept on that case.
 */
@Component(service = {IncomingMailHandler.class, EmailToCase.class}, configurationPid = EmailToCaseConfig.PID)
@Designate(ocd = EmailToCaseConfig.class)
public class EmailToCase implements IncomingMailHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EmailToCase.class);
    private final RecordService records;
    private final MailService mail;
    private final CaseThread thread;
    private final ServiceMailboxes mailboxes;
    private final Duration acknowledgementWindow;
    private final Clock clock;

    @Activate
    public EmailToCase(@Reference RecordService records, @Reference MailService mail, @Reference FileService files,
            @Reference ServiceMailboxes mailboxes, EmailToCaseConfig config) {
        this(records, mail, files, mailboxes, Duration.ofMinutes(config.acknowledgementWindowMinutes()), Clock.systemUTC());
    }

    EmailToCase(RecordService records, MailService mail, FileService files, ServiceMailboxes mailboxes, Duration acknowledgementWindow,
            Clock clock) {
        this.records = records;
        this.mail = mail;
        this.thread = new CaseThread(records, files);
        this.mailboxes = mailboxes;
        this.acknowledgementWindow = acknowledgementWindow;
        this.clock = clock;
    }

    @Override
    public void handle(IncomingMail message) {
        Optional<Record> mailbox = mailboxes.active(message.mailbox());
        if (mailbox.isEmpty() || thread.message(message.messageId()).isPresent()) {
            return;
        }
        records.inTransaction(() -> {
            if (message.deliveryStatus().isPresent()) {
                recordBounce(message, message.deliveryStatus().get());
            } else if (!LoopGuard.isOwn(fromAddress(message), mailboxes.ownAddresses())) {
                take(message, mailbox.get());
            }
            return null;
        });
    }

    /** Opens or continues the case; returns it (empty for machine mail that opened nothing). */
    Optional<Record> take(IncomingMail message, Record mailbox) {
        Instant now = now();
        Optional<Record> answered = caseAnswered(message);
        if (answered.isEmpty()) {
            if (LoopGuard.isMachineOrOwn(message, mailboxes.ownAddresses())) {
                LOG.debug("Machine mail {} to {} opens no case", message.messageId(), message.mailbox());
                return Optional.empty();
            }
            Record opened = openCase(message, mailbox, now, null);
            keep(opened, message, CaseMessages.MESSAGE, now);
            acknowledge(message, mailbox, opened, now);
            return Optional.of(opened);
        }
        Record found = answered.get();
        if (message.isAutomated()) {
            keep(found, message, CaseMessages.AUTOMATED, now);
            return Optional.of(found);
        }
        if (Cases.CLOSED.equals(found.get("status"))) {
            Record followUp = openCase(message, mailbox, now, found);
            records.create(Actor.system(), "relatedCase", Map.of("case", followUp.getId(), "relatedCase", found.getId(), "relation", "Follow-up"));
            keep(followUp, message, CaseMessages.MESSAGE, now);
            return Optional.of(followUp);
        }
        keep(found, message, CaseMessages.MESSAGE, now);
        return Optional.of(thread.customerReplied(found, now));
    }

    private Optional<Record> caseAnswered(IncomingMail message) {
        Optional<Record> byHeaders = thread.caseOfAny(Threading.answeredIds(message));
        if (byHeaders.isPresent()) {
            return byHeaders.map(this::mergedInto);
        }
        // A token alone is easy to copy: only a participant of the case's thread (or its contact) threads by it.
        return Threading.caseNumberIn(message.subject()).flatMap(thread::caseNumbered)
                .filter(c -> message.from() != null && (thread.isParticipant(c.getId(), message.from().address())
                        || message.from().address().equalsIgnoreCase(contactEmail(c))))
                .map(this::mergedInto);
    }

    /** A message to a duplicate that was merged goes to the case it was merged into. */
    private Record mergedInto(Record c) {
        Record current = c;
        for (int hops = 0; hops < 10 && current.get("mergedInto") != null; hops++) {
            current = records.get(Actor.system(), Cases.TYPE, (String) current.get("mergedInto"));
        }
        return current;
    }

    private Record openCase(IncomingMail message, Record mailbox, Instant now, Record followUpOf) {
        Map<String, Object> values = new LinkedHashMap<>();
        String subject = message.subject() == null || message.subject().isBlank() ? "(no subject)" : message.subject().strip();
        values.put("subject", CaseThread.cut(subject, 255));
        values.put("description", CaseThread.cut(bodyText(message), org.rapportcrm.platform.api.metadata.FieldDefinition.LONG_TEXT_LENGTH));
        values.put("channel", Cases.CHANNEL_EMAIL);
        values.put(Cases.OPENED_AT, now);
        if (followUpOf != null) {
            copy(followUpOf, values, "contact", "account", "queue", "priority", "category");
        } else {
            Optional<Record> contact = contactFor(message.from());
            values.put("contact", contact.map(Record::getId).orElse(null));
            values.put("account", contact.map(c -> c.get("account")).orElse(null));
            values.put("queue", mailbox.get("queue"));
            values.put("priority", mailbox.get("priority"));
        }
        values.values().removeIf(Objects::isNull);
        return records.create(Actor.system(), Cases.TYPE, values);
    }

    /**
     * The sender's contact: found by address (any case of letters), else made from the From header's name. Empty if
     * the record service refuses the contact (an address its rules do not take): the case opens without one rather
     * than the message blocking its mailbox.
     */
    Optional<Record> contactFor(MailAddress from) {
        for (String address : new java.util.LinkedHashSet<>(List.of(from.address(), from.address().toLowerCase(java.util.Locale.ROOT)))) {
            List<Record> found = records.query(Actor.system(), Query.of("contact").where(Filter.eq("email", address)).limit(1)).items();
            if (!found.isEmpty()) {
                return Optional.of(found.get(0));
            }
        }
        String[] names = Names.split(from);
        Map<String, Object> contact = new LinkedHashMap<>();
        if (names[0] != null) {
            contact.put("firstName", names[0]);
        }
        contact.put("lastName", names[1]);
        contact.put("email", from.address());
        try {
            return Optional.of(records.create(Actor.system(), "contact", contact));
        } catch (ValidationException e) {
            LOG.warn("No contact for the sender {}: {}", from.address(), e.getMessage());
            return Optional.empty();
        }
    }

    private void keep(Record c, IncomingMail message, String kind, Instant now) {
        List<String> files = thread.storeAttachments(c.getId(), message.attachments());
        Map<String, Object> values = CaseThread.values(c.getId(), CaseMessages.INBOUND, kind, message.messageId(), message.from(), message.to(),
                message.cc(), message.subject(), message.text(), message.html(), message.sentAt() == null ? now : message.sentAt(), files);
        values.put("mailbox", message.mailbox());
        thread.record(values);
    }

    private void acknowledge(IncomingMail message, Record mailbox, Record opened, Instant now) {
        String template = (String) mailbox.get("acknowledgementTemplate");
        if (template == null || template.isBlank()) {
            return;
        }
        String to = message.from().address().toLowerCase(java.util.Locale.ROOT);
        Instant last = thread.lastAcknowledged(to, now.minus(acknowledgementWindow)).orElse(null);
        if (!LoopGuard.mayAcknowledge(message, mailboxes.ownAddresses(), last, now, acknowledgementWindow)) {
            return;
        }
        RenderedMail rendered;
        try {
            rendered = mail.render(template, opened, Actor.system());
        } catch (RecordException | IllegalArgumentException e) {
            LOG.warn("No acknowledgement for case {}: template '{}' of mailbox {} cannot be filled: {}", opened.get("caseNumber"), template,
                    mailbox.get("name"), e.getMessage());
            return;
        }
        String caseNumber = (String) opened.get("caseNumber");
        OutgoingMail ack = OutgoingMail.builder().from(mailboxes.sender(mailbox)).to(to)
                .subject(Threading.withToken(rendered.subject(), caseNumber)).text(rendered.text()).html(rendered.html())
                .header("Auto-Submitted", "auto-replied").header("In-Reply-To", message.messageId()).header("References", message.messageId())
                .about(Cases.TYPE, opened.getId()).build();
        String id = mail.send(ack);
        thread.record(CaseThread.values(opened.getId(), CaseMessages.OUTBOUND, CaseMessages.ACKNOWLEDGEMENT, id, ack.from(),
                ack.to(), List.of(), ack.subject(), ack.text(), ack.html(), now, List.of()));
    }

    /** A report on one of our messages is kept with that message's case; any other opens nothing. */
    private void recordBounce(IncomingMail message, DeliveryReport report) {
        Optional<Record> original = Optional.ofNullable(report.originalMessageId()).flatMap(thread::message)
                .filter(m -> CaseMessages.OUTBOUND.equals(m.get(CaseMessages.DIRECTION)));
        if (original.isEmpty()) {
            LOG.debug("Delivery report {} is about no case's message", message.messageId());
            return;
        }
        String status = String.join("; ", report.recipients().stream().map(r -> r.action() + " " + r.status() + " " + r.finalRecipient()
                + (r.diagnosticCode() == null ? "" : ": " + r.diagnosticCode())).toList());
        Map<String, Object> values = CaseThread.values((String) original.get().get(CaseMessages.CASE), CaseMessages.INBOUND, CaseMessages.BOUNCE,
                message.messageId(), message.from(), message.to(), List.of(), message.subject(), message.text(), null,
                message.sentAt() == null ? now() : message.sentAt(), List.of());
        values.put("mailbox", message.mailbox());
        values.put("deliveryStatus", CaseThread.cut(status, 2000));
        thread.record(values);
    }

    private String contactEmail(Record c) {
        String contact = (String) c.get("contact");
        if (contact == null) {
            return null;
        }
        try {
            return (String) records.get(Actor.system(), "contact", contact).get("email");
        } catch (RecordException e) {
            return null;
        }
    }

    private static String fromAddress(IncomingMail message) {
        return message.from() == null ? "" : message.from().address();
    }

    private static String bodyText(IncomingMail message) {
        return message.text() != null && !message.text().isBlank() ? message.text().strip() : HtmlText.of(message.html());
    }

    private static void copy(Record from, Map<String, Object> to, String... fields) {
        for (String f : fields) {
            to.put(f, from.get(f));
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
