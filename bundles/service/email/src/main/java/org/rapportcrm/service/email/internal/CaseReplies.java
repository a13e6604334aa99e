package org.rapportcrm.service.email.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.file.FileService;
import org.rapportcrm.platform.api.mail.InvalidMailException;
import org.rapportcrm.platform.api.mail.MailAddress;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.mail.RenderedMail;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordException;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.CaseMessages;
import org.rapportcrm.service.api.Cases;

/**
 * An agent's reply on a case, sent by e-mail to the case's contact from the mailbox the case came in through (or the
 * first service mailbox), answering the thread ({@code In-Reply-To} the customer's latest message, {@code References}
 * of the thread) with the case token in the subject. In one transaction as the agent: the case records the response
 * (its first response time, if it is the first) and the optional new status, the message joins the thread and is
 * queued; without the right to edit the case nothing happens. Macros are e-mail templates filled for the case.
 */
@Component(service = CaseReplies.class)
public class CaseReplies {
    private final RecordService records;
    private final MailService mail;
    private final FileService files;
    private final ServiceMailboxes mailboxes;
    private final CaseThread thread;
    private final Clock clock;

    @Activate
    public CaseReplies(@Reference RecordService records, @Reference MailService mail, @Reference FileService files,
            @Reference ServiceMailboxes mailboxes) {
        this(records, mail, files, mailboxes, Clock.systemUTC());
    }

    CaseReplies(RecordService records, MailService mail, FileService files, ServiceMailboxes mailboxes, Clock clock) {
        this.records = records;
        this.mail = mail;
        this.files = files;
        this.mailboxes = mailboxes;
        this.thread = new CaseThread(records, files);
        this.clock = clock;
    }

    /** What an agent writes: the text (and optionally HTML), extra recipients, stored files, the status after it. */
    public record Reply(String text, String html, List<String> cc, List<String> attachments, String status) {
        public Reply {
            cc = cc == null ? List.of() : List.copyOf(cc);
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
        }
    }

    /**
     * @return the reply as kept in the case's thread
     * @throws RecordNotFoundException if the agent may not read the case
     * @throws ValidationException naming the field: no text, a bad address or status, an unknown file, a contact without e-mail
     */
    public Record reply(Actor agent, String caseId, Reply reply) {
        if ((reply.text() == null || reply.text().isBlank()) && (reply.html() == null || reply.html().isBlank())) {
            throw new ValidationException("text", "required", "a reply needs a text");
        }
        if (reply.status() != null && !Cases.STATUSES.contains(reply.status())) {
            throw new ValidationException("status", "invalid", "one of " + Cases.STATUSES);
        }
        return records.inTransaction(() -> {
            Record theCase = records.get(agent, Cases.TYPE, caseId);
            MailAddress to = contactAddress(theCase);
            List<Record> messages = thread.messagesOf(caseId);
            for (String fileId : reply.attachments()) {
                try {
                    files.get(agent, fileId);
                } catch (RecordException e) {
                    throw new ValidationException("attachments", "notFound", "no file " + fileId + " you may read");
                }
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put(Cases.LAST_RESPONSE_AT, now);
            if (reply.status() != null) {
                changes.put("status", reply.status());
            }
            // As the agent first: one who may not edit the case sends nothing.
            Record updated = records.update(agent, Cases.TYPE, caseId, theCase.getVersion(), changes);

            String caseNumber = (String) updated.get("caseNumber");
            OutgoingMail.Builder out = OutgoingMail.builder().to(to).subject(Threading.replySubject((String) updated.get("subject"), caseNumber))
                    .text(reply.text()).html(reply.html()).about(Cases.TYPE, caseId);
            Optional<Record> mailbox = mailboxOf(messages);
            mailbox.ifPresent(m -> out.from(mailboxes.sender(m)));
            latestInbound(messages).ifPresent(id -> out.header("In-Reply-To", id));
            List<String> references = Threading.references(messages.stream().map(m -> (String) m.get(CaseMessages.MESSAGE_ID)).toList());
            if (!references.isEmpty()) {
                out.header("References", String.join(" ", references));
            }
            try {
                reply.cc().forEach(out::cc);
            } catch (InvalidMailException e) {
                throw new ValidationException("cc", "invalid", e.getMessage());
            }
            reply.attachments().forEach(out::attach);
            OutgoingMail message = out.build();
            String messageId = mail.send(message);
            Map<String, Object> values = CaseThread.values(caseId, CaseMessages.OUTBOUND, CaseMessages.MESSAGE, messageId, message.from(),
                    message.to(), message.cc(), message.subject(), message.text(), message.html(), now, reply.attachments());
            mailbox.ifPresent(m -> values.put("mailbox", m.get("name")));
            values.put("sentBy", agent.userId());
            // The thread tells what was sent: only the capability writes it (the agent's right was proven on the case).
            return thread.record(values);
        });
    }

    /** A macro filled for the case, for the agent to edit before sending. */
    public Map<String, Object> draft(Actor agent, String caseId, String macroId) {
        Record theCase = records.get(agent, Cases.TYPE, caseId);
        Record macro;
        try {
            macro = records.get(agent, EmailTypes.MACRO, macroId);
        } catch (RecordNotFoundException e) {
            throw new ValidationException("macro", "notFound", "no reply macro " + macroId);
        }
        RenderedMail rendered = mail.render((String) macro.get("template"), theCase, agent);
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("text", rendered.text());
        draft.put("html", rendered.html());
        draft.put("status", macro.get("statusAfter"));
        return draft;
    }

    private MailAddress contactAddress(Record theCase) {
        String contactId = (String) theCase.get("contact");
        Record contact = contactId == null ? null : records.get(Actor.system(), "contact", contactId);
        if (contact == null || contact.get("email") == null) {
            throw new ValidationException("contact", "required", "the case's contact has no e-mail address to reply to");
        }
        String name = java.util.stream.Stream.of(contact.get("firstName"), contact.get("lastName")).filter(java.util.Objects::nonNull)
                .map(Object::toString).collect(java.util.stream.Collectors.joining(" "));
        return MailAddress.of(contact.get("email").toString(), name.isBlank() ? null : name);
    }

    /** The mailbox the customer last wrote to, else the first active one (the installation's sender without any). */
    private Optional<Record> mailboxOf(List<Record> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            Object name = messages.get(i).get("mailbox");
            if (name != null && CaseMessages.INBOUND.equals(messages.get(i).get(CaseMessages.DIRECTION))) {
                Optional<Record> box = mailboxes.byName(name.toString());
                if (box.isPresent()) {
                    return box;
                }
            }
        }
        return mailboxes.any();
    }

    private static Optional<String> latestInbound(List<Record> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            Record m = messages.get(i);
            if (CaseMessages.INBOUND.equals(m.get(CaseMessages.DIRECTION)) && CaseMessages.MESSAGE.equals(m.get(CaseMessages.KIND))) {
                return Optional.ofNullable((String) m.get(CaseMessages.MESSAGE_ID));
            }
        }
        return messages.isEmpty() ? Optional.empty() : Optional.ofNullable((String) messages.get(messages.size() - 1).get(CaseMessages.MESSAGE_ID));
    }
}
