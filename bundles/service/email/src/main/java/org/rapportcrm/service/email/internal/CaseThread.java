package org.rapportcrm.service.email.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.rapportcrm.platform.api.file.FileService;
import org.rapportcrm.platform.api.file.NewFile;
import org.rapportcrm.platform.api.file.StoredFile;
import org.rapportcrm.platform.api.mail.IncomingAttachment;
import org.rapportcrm.platform.api.mail.MailAddress;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.CaseMessages;
import org.rapportcrm.service.api.Cases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The messages of cases as records: finding a case by the ids its messages carry, and keeping a message with its case. */
final class CaseThread {
    private static final Logger LOG = LoggerFactory.getLogger(CaseThread.class);
    private final RecordService records;
    private final FileService files;

    CaseThread(RecordService records, FileService files) {
        this.records = records;
        this.files = files;
    }

    Optional<Record> message(String messageId) {
        return first(Query.of(CaseMessages.TYPE).where(Filter.eq(CaseMessages.MESSAGE_ID, messageId)));
    }

    /** The case a message with one of these ids belongs to (the ids in the order they are most telling). */
    Optional<Record> caseOfAny(List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Record> byId = records.all(Actor.system(), Query.of(CaseMessages.TYPE).where(Filter.in(CaseMessages.MESSAGE_ID, messageIds))
                .limit(Math.min(Query.MAX_LIMIT, messageIds.size()))).stream()
                .collect(Collectors.toMap(m -> (String) m.get(CaseMessages.MESSAGE_ID), m -> m, (a, b) -> a));
        return messageIds.stream().map(byId::get).filter(m -> m != null).findFirst()
                .map(m -> records.get(Actor.system(), Cases.TYPE, (String) m.get(CaseMessages.CASE)));
    }

    Optional<Record> caseNumbered(String caseNumber) {
        return first(Query.of(Cases.TYPE).where(Filter.eq("caseNumber", caseNumber)));
    }

    /**
     * The case's messages in the order Rapport received or sent them, oldest first: not by their Date header, which
     * has whole seconds and the sender's clock, so a customer's quick answer could sort before the reply it answers.
     */
    List<Record> messagesOf(String caseId) {
        return records.all(Actor.system(), Query.of(CaseMessages.TYPE).where(Filter.eq(CaseMessages.CASE, caseId))
                .sortBy("createdAt", false).limit(Query.MAX_LIMIT));
    }

    /** Whether the address wrote or received a message of the case: a participant, who may thread by the subject's token. */
    boolean isParticipant(String caseId, String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        return messagesOf(caseId).stream().anyMatch(m -> lower.equals(m.get(CaseMessages.FROM))
                || addresses((String) m.get(CaseMessages.TO)).contains(lower) || addresses((String) m.get(CaseMessages.CC)).contains(lower));
    }

    /** When {@code address} last got an acknowledgement, looking back to {@code since}. */
    Optional<Instant> lastAcknowledged(String address, Instant since) {
        return first(Query.of(CaseMessages.TYPE).where(Filter.and(Filter.ge(CaseMessages.SENT_AT, since),
                Filter.eq(CaseMessages.KIND, CaseMessages.ACKNOWLEDGEMENT), Filter.eq(CaseMessages.TO, address.toLowerCase(Locale.ROOT)))))
                .map(m -> (Instant) m.get(CaseMessages.SENT_AT));
    }

    /**
     * Stores the files with the case; a file the store refuses (too large, infected, a refused type) is left out and
     * logged, so the message itself is never lost.
     */
    List<String> storeAttachments(String caseId, List<IncomingAttachment> attachments) {
        List<String> ids = new ArrayList<>();
        for (IncomingAttachment a : attachments) {
            try {
                StoredFile stored = files.store(Actor.system(), Cases.TYPE, caseId, new NewFile(a.name(), a.mediaType(), false), a.open());
                ids.add(stored.id());
            } catch (RecordException e) {
                LOG.warn("Attachment {} of a message to case {} not stored: {}", a.name(), caseId, e.getMessage());
            }
        }
        return ids;
    }

    /**
     * What a customer's message does to the case it answers, whichever way it came (e-mail or the portal): the
     * next-response clock starts, and a case waiting on the customer or resolved is open again.
     */
    Record customerReplied(Record theCase, Instant now) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put(Cases.CUSTOMER_REPLIED_AT, now);
        String status = (String) theCase.get("status");
        if (Cases.WAITING_ON_CUSTOMER.equals(status) || Cases.RESOLVED.equals(status)) {
            changes.put("status", Cases.OPEN);
        }
        return records.update(Actor.system(), Cases.TYPE, theCase.getId(), theCase.getVersion(), changes);
    }

    /** Keeps a message in its case's thread: written by the capability alone, so the thread tells what was sent and received. */
    Record record(Map<String, Object> values) {
        return records.create(Actor.system(), CaseMessages.TYPE, values);
    }

    /** The fields of a message record; long bodies are cut to what a long text holds. */
    static Map<String, Object> values(String caseId, String direction, String kind, String messageId, MailAddress from,
            Collection<MailAddress> to, Collection<MailAddress> cc, String subject, String text, String html, Instant sentAt,
            List<String> attachmentIds) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(CaseMessages.CASE, caseId);
        v.put(CaseMessages.DIRECTION, direction);
        v.put(CaseMessages.KIND, kind);
        v.put(CaseMessages.MESSAGE_ID, messageId);
        if (from != null) {
            v.put(CaseMessages.FROM, from.address().toLowerCase(Locale.ROOT));
            v.put(CaseMessages.FROM_NAME, from.name());
        }
        v.put(CaseMessages.TO, cut(join(to), 4000));
        v.put(CaseMessages.CC, cut(join(cc), 4000));
        v.put(CaseMessages.SUBJECT, cut(subject, 998));
        v.put(CaseMessages.TEXT, cut(text, FieldDefinition.LONG_TEXT_LENGTH));
        v.put(CaseMessages.HTML, cut(html, FieldDefinition.LONG_TEXT_LENGTH));
        v.put(CaseMessages.SENT_AT, sentAt);
        v.put(CaseMessages.ATTACHMENTS, attachmentIds.isEmpty() ? null : cut(String.join(",", attachmentIds), 4000));
        return v;
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static String join(Collection<MailAddress> addresses) {
        return addresses.isEmpty() ? null
                : addresses.stream().map(a -> a.address().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    private static List<String> addresses(String joined) {
        return joined == null ? List.of() : List.of(joined.split(",\\s*"));
    }

    private Optional<Record> first(Query query) {
        List<Record> found = records.query(Actor.system(), query.limit(1)).items();
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }
}
