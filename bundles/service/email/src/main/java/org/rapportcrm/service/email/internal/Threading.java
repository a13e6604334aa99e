package org.rapportcrm.service.email.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rapportcrm.platform.api.mail.IncomingMail;

/**
 * How a message finds its case, and how our messages carry what lets replies find it again: the ids it answers
 * ({@code In-Reply-To}, then {@code References} newest first) and the case token in the subject ({@code [CS-000123]}),
 * which survives mail clients that drop the headers.
 */
final class Threading {
    private static final Pattern TOKEN = Pattern.compile("\\[(CS-\\d{6,})\\]");
    private static final Pattern REPLY_PREFIX = Pattern.compile("^\\s*((re|aw|sv|fw|fwd|wg|antw)\\s*(\\[\\d+\\])?\\s*:\\s*)+", Pattern.CASE_INSENSITIVE);
    /** References we send: the first message and the latest ones (RFC 5322 3.6.4 allows trimming the middle). */
    static final int MAX_REFERENCES = 12;

    private Threading() {
    }

    /** The ids the message answers, the most telling first: In-Reply-To, then References from the newest. */
    static List<String> answeredIds(IncomingMail mail) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        if (mail.inReplyTo() != null && !mail.inReplyTo().isBlank()) {
            ids.add(mail.inReplyTo().trim());
        }
        List<String> references = new ArrayList<>(mail.references());
        java.util.Collections.reverse(references);
        references.stream().filter(r -> r != null && !r.isBlank()).map(String::trim).forEach(ids::add);
        return List.copyOf(ids);
    }

    /** The case number in the subject's token, if there is one. */
    static Optional<String> caseNumberIn(String subject) {
        if (subject == null) {
            return Optional.empty();
        }
        Matcher m = TOKEN.matcher(subject);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** {@code Re: <subject> [CS-000123]}: one "Re:", whatever prefixes the thread piled up, and the token once. */
    static String replySubject(String subject, String caseNumber) {
        String base = REPLY_PREFIX.matcher(subject == null ? "" : subject).replaceFirst("");
        return "Re: " + withToken(base, caseNumber);
    }

    /** The subject with the case's token added, unless it carries it already. */
    static String withToken(String subject, String caseNumber) {
        String base = subject == null ? "" : subject.strip();
        if (base.contains("[" + caseNumber + "]")) {
            return base;
        }
        return base.isEmpty() ? "[" + caseNumber + "]" : base + " [" + caseNumber + "]";
    }

    /**
     * The {@code References} of a reply to a thread whose message ids are {@code threadIds} (oldest first): the first
     * and the latest ones, at most {@link #MAX_REFERENCES}, so the header stays within a line's limit.
     */
    static List<String> references(List<String> threadIds) {
        List<String> ids = threadIds.stream().filter(id -> id != null && !id.isBlank()).distinct().toList();
        if (ids.size() <= MAX_REFERENCES) {
            return ids;
        }
        List<String> trimmed = new ArrayList<>();
        trimmed.add(ids.get(0));
        trimmed.addAll(ids.subList(ids.size() - (MAX_REFERENCES - 1), ids.size()));
        return trimmed;
    }
}
