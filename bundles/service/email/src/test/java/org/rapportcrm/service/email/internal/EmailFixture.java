package org.rapportcrm.service.email.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.mail.DeliveryReport;
import org.rapportcrm.platform.api.mail.IncomingAttachment;
import org.rapportcrm.platform.api.mail.IncomingMail;
import org.rapportcrm.platform.api.mail.MailAddress;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.mail.RenderedMail;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.CaseMessages;
import org.rapportcrm.platform.core.internal.KeptMail;
import org.rapportcrm.service.internal.ServiceFixture;

/**
 * The real core with the case rules (the cases bundle's fixture), the e-mail types and components, and a mail service
 * that keeps what is queued (the SMTP and IMAP path itself is the itest's: EmailToCaseIT, against GreenMail).
 */
class EmailFixture {
    final ServiceFixture service = new ServiceFixture();
    final QueuedMail mail = new QueuedMail();
    final ServiceMailboxes mailboxes;
    final EmailToCase emailToCase;
    final CaseReplies replies;
    private int messages;

    /** The platform's e-mail template type, as platform/mail declares it (its bundle is not on this class path). */
    static final RecordType TEMPLATE_TYPE = new RecordType(EmailTypes.EMAIL_TEMPLATE, "emailTemplates", "E-mail template", "E-mail templates",
            "name", List.of(builder("name", FieldType.TEXT).required(true).unique(true).maxLength(200).build(),
            builder("recordType", FieldType.TEXT).maxLength(64).build(),
            builder("subject", FieldType.TEXT).required(true).maxLength(998).build(),
            builder("htmlBody", FieldType.LONG_TEXT).build(), builder("textBody", FieldType.LONG_TEXT).build()))
            .withKind(RecordType.Kind.CONFIGURATION);

    EmailFixture() {
        RecordTypeProvider templates = () -> List.of(TEMPLATE_TYPE);
        service.core.metadata.addProvider(templates);
        service.core.metadata.addProvider(new EmailTypes());
        service.core.records.addValidator(new EmailSettingsValidator(service.core.records), "org.rapportcrm.service.email");
        mailboxes = new ServiceMailboxes(service.core.records);
        emailToCase = new EmailToCase(service.core.records, mail, service.core.files, mailboxes, Duration.ofMinutes(60), service.clock);
        replies = new CaseReplies(service.core.records, mail, service.core.files, mailboxes, service.clock);
    }

    Record create(String type, Map<String, Object> values) {
        return service.create(type, values);
    }

    Record mailbox(String name, String address, Map<String, Object> more) {
        Map<String, Object> values = new LinkedHashMap<>(Map.of("name", name, "address", address, "displayName", "Example Support"));
        values.putAll(more);
        return create(EmailTypes.MAILBOX, values);
    }

    Record template(String name, String subject, String text) {
        return create(EmailTypes.EMAIL_TEMPLATE, Map.of("name", name, "subject", subject, "textBody", text));
    }

    List<Record> cases() {
        return service.core.records.all(Actor.system(), Query.of("case").sortBy("caseNumber", false).limit(1000));
    }

    List<Record> thread(Record theCase) {
        return service.core.records.all(Actor.system(), Query.of(CaseMessages.TYPE).where(Filter.eq("case", theCase.getId()))
                .sortBy(CaseMessages.SENT_AT, false).limit(1000));
    }

    Record reload(Record r) {
        return service.reload(r);
    }

    /** A message as the platform hands it over; change it with {@link Message}'s methods. */
    Message message(String from, String subject, String text) {
        return new Message(from, subject, text);
    }

    final class Message {
        String mailbox = "support";
        String messageId = "<m" + (++messages) + "." + System.nanoTime() + "@customer.example>";
        String inReplyTo;
        List<String> references = new ArrayList<>();
        final String from;
        String subject;
        String text;
        String html;
        final Map<String, List<String>> headers = new HashMap<>();
        final List<IncomingAttachment> attachments = new ArrayList<>();
        DeliveryReport report;

        Message(String from, String subject, String text) {
            this.from = from;
            this.subject = subject;
            this.text = text;
        }

        Message answering(String id) {
            inReplyTo = id;
            references.add(id);
            return this;
        }

        Message header(String name, String value) {
            headers.put(name.toLowerCase(java.util.Locale.ROOT), List.of(value));
            return this;
        }

        IncomingMail mail() {
            return new IncomingMail(mailbox, messageId, inReplyTo, references, from == null ? null : MailAddress.parse(from),
                    List.of(MailAddress.of("support@example.com")), List.of(), subject, service.clock.instant().minusSeconds(1), text, html, attachments,
                    headers, report);
        }

        /** Arrives a minute after the last thing that happened, as messages do, sent a second before. */
        IncomingMail handle() {
            service.clock.set(service.clock.instant().plusSeconds(60));
            IncomingMail m = mail();
            emailToCase.handle(m);
            return m;
        }
    }

    /** Keeps the queued messages; renders a template's subject and text as they are, with the case number for {{ record.caseNumber }}. */
    static final class QueuedMail extends KeptMail {
        final List<OutgoingMail> queued = sent;
        RecordLookup lookup;

        interface RecordLookup {
            Record template(String id);
        }

        @Override
        public RenderedMail render(String template, Record record, Actor actor) {
            Record t = lookup.template(template);
            String number = String.valueOf(record.get("caseNumber"));
            return new RenderedMail(((String) t.get("subject")).replace("{{ record.caseNumber }}", number), null,
                    ((String) t.get("textBody")).replace("{{ record.caseNumber }}", number));
        }
    }

    {
        mail.lookup = id -> service.core.records.get(Actor.system(), EmailTypes.EMAIL_TEMPLATE, id);
    }

    Instant now() {
        return service.clock.instant();
    }
}
