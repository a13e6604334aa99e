package org.rapportcrm.platform.api.mail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A message to send, checked when it is built: every address must be one a server accepts, the subject and headers
 * carry no line breaks (no header injection), and there is at least one recipient and a text or HTML body. Made with
 * {@link #builder()}; immutable.
 *
 * <p>{@link #from()} and {@link #replyTo()} are empty to use the sender configured for the installation. Extra
 * {@link #headers()} are added as they are: threading ({@code In-Reply-To}, {@code References}), list headers
 * ({@code List-Unsubscribe}, {@code List-Unsubscribe-Post}), {@code Auto-Submitted}, {@code Precedence}; those the
 * platform writes itself ({@code From}, {@code To}, {@code Subject}, {@code Message-ID}, {@code Date},
 * {@code Content-*}...) are refused there. {@link #relatedType()}/{@link #relatedId()} name the record the message is
 * about, so it is listed with that record. {@link #attachments()} are ids of files kept by the platform's
 * {@code FileService}, attached as they are when the message is sent.
 */
public final class OutgoingMail {
    /** The longest subject: a header line's limit in RFC 5322. */
    public static final int MAX_SUBJECT = 998;
    private static final Pattern HEADER_NAME = Pattern.compile("[!-9;-~]{1,76}");
    private static final Set<String> RESERVED = Set.of("from", "to", "cc", "bcc", "reply-to", "subject", "message-id", "date",
            "mime-version", "sender", "return-path", "received");

    private final MailAddress from;
    private final List<MailAddress> replyTo;
    private final List<MailAddress> to;
    private final List<MailAddress> cc;
    private final List<MailAddress> bcc;
    private final String subject;
    private final String text;
    private final String html;
    private final Map<String, String> headers;
    private final String relatedType;
    private final String relatedId;
    private final List<String> attachments;
    private final String envelopeFrom;
    private final boolean atMostOnce;

    private OutgoingMail(Builder b) {
        this.from = b.from;
        this.replyTo = List.copyOf(b.replyTo);
        this.to = List.copyOf(b.to);
        this.cc = List.copyOf(b.cc);
        this.bcc = List.copyOf(b.bcc);
        this.subject = b.subject;
        this.text = b.text;
        this.html = b.html;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.relatedType = b.relatedType;
        this.relatedId = b.relatedId;
        this.attachments = List.copyOf(b.attachments);
        this.envelopeFrom = b.envelopeFrom;
        this.atMostOnce = b.atMostOnce;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The sender, or null for the configured one. */
    public MailAddress from() {
        return from;
    }

    /** Where replies go; empty for the configured sender (or {@link #from()}). */
    public List<MailAddress> replyTo() {
        return replyTo;
    }

    public List<MailAddress> to() {
        return to;
    }

    public List<MailAddress> cc() {
        return cc;
    }

    public List<MailAddress> bcc() {
        return bcc;
    }

    public String subject() {
        return subject;
    }

    /** The plain-text body, or null. */
    public String text() {
        return text;
    }

    /** The HTML body, or null. */
    public String html() {
        return html;
    }

    /** Extra headers, in the order they were added. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The api name of the record type the message is about, or null. */
    public String relatedType() {
        return relatedType;
    }

    /** The id of the record the message is about, or null. */
    public String relatedId() {
        return relatedId;
    }

    /** Ids of stored files to attach. */
    public List<String> attachments() {
        return attachments;
    }

    /**
     * The envelope sender ({@code MAIL FROM}) where bounces go, for example a VERP address per recipient; null for the
     * message's sender.
     */
    public String envelopeFrom() {
        return envelopeFrom;
    }

    /**
     * Whether the message is sent at most once: if the node sending it dies while the SMTP server is taking it, it is
     * not sent again (the server may have it) but left {@link MailStatus.State#FAILED} as in doubt. For bulk mail,
     * where a recipient getting it twice is worse than the rare loss; other messages are sent again then, with the same
     * {@code Message-ID}.
     *
     * @since 1.1
     */
    public boolean isAtMostOnce() {
        return atMostOnce;
    }

    /** A builder holding the values of this message, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.from = from;
        b.replyTo.addAll(replyTo);
        b.to.addAll(to);
        b.cc.addAll(cc);
        b.bcc.addAll(bcc);
        b.subject = subject;
        b.text = text;
        b.html = html;
        b.headers.putAll(headers);
        b.relatedType = relatedType;
        b.relatedId = relatedId;
        b.attachments.addAll(attachments);
        b.envelopeFrom = envelopeFrom;
        b.atMostOnce = atMostOnce;
        return b;
    }

    @Override
    public String toString() {
        return "OutgoingMail[to=" + to + ", subject=" + subject + "]";
    }

    /** Builds an {@link OutgoingMail}; each method checks its own value, {@link #build()} the whole message. */
    public static final class Builder {
        private MailAddress from;
        private final List<MailAddress> replyTo = new ArrayList<>();
        private final List<MailAddress> to = new ArrayList<>();
        private final List<MailAddress> cc = new ArrayList<>();
        private final List<MailAddress> bcc = new ArrayList<>();
        private String subject;
        private String text;
        private String html;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String relatedType;
        private String relatedId;
        private final List<String> attachments = new ArrayList<>();
        private String envelopeFrom;
        private boolean atMostOnce;

        private Builder() {
        }

        public Builder from(MailAddress address) {
            this.from = address;
            return this;
        }

        /** @throws InvalidMailException (field {@code from}) for what is not an address */
        public Builder from(String address) {
            this.from = address == null ? null : parse("from", address);
            return this;
        }

        public Builder replyTo(String... addresses) {
            return add("replyTo", replyTo, addresses);
        }

        public Builder to(String... addresses) {
            return add("to", to, addresses);
        }

        public Builder to(MailAddress address) {
            to.add(address);
            return this;
        }

        public Builder cc(String... addresses) {
            return add("cc", cc, addresses);
        }

        public Builder bcc(String... addresses) {
            return add("bcc", bcc, addresses);
        }

        public Builder subject(String subject) {
            if (subject != null && subject.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw new InvalidMailException("subject", "a subject has no line breaks");
            }
            if (subject != null && subject.length() > MAX_SUBJECT) {
                throw new InvalidMailException("subject", "at most " + MAX_SUBJECT + " characters");
            }
            this.subject = subject;
            return this;
        }

        public Builder text(String text) {
            this.text = text;
            return this;
        }

        public Builder html(String html) {
            this.html = html;
            return this;
        }

        /** Subject, HTML and text as a template rendered them. */
        public Builder content(RenderedMail rendered) {
            return subject(rendered.subject()).html(rendered.html()).text(rendered.text());
        }

        /**
         * An extra header ({@code In-Reply-To}, {@code List-Unsubscribe}...).
         *
         * @throws InvalidMailException (field {@code headers.<name>}) for a name that is not a header name or one the
         *     platform writes itself, or a value with a line break
         */
        public Builder header(String name, String value) {
            String field = "headers." + name;
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                throw new InvalidMailException(field, "not a header name");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESERVED.contains(lower) || lower.startsWith("content-")) {
                throw new InvalidMailException(field, "is written by the platform; use the message's own fields");
            }
            if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new InvalidMailException(field, "a header value has no line breaks");
            }
            headers.put(name, value);
            return this;
        }

        /** The record the message is about: it is listed with it. */
        public Builder about(String recordType, String recordId) {
            if (recordType == null || recordType.isBlank() || recordId == null || recordId.isBlank()) {
                throw new InvalidMailException("relatedId", "a related record needs its type and id");
            }
            this.relatedType = recordType;
            this.relatedId = recordId;
            return this;
        }

        /** A stored file to attach, by its id in the platform's file store. */
        public Builder attach(String fileId) {
            if (fileId == null || fileId.isBlank()) {
                throw new InvalidMailException("attachments", "a file id is required");
            }
            attachments.add(fileId);
            return this;
        }

        public Builder envelopeFrom(String address) {
            this.envelopeFrom = address == null ? null : parse("envelopeFrom", address).address();
            return this;
        }

        /**
         * Never send the message twice, even if that means a node dying mid-send leaves it unsent ({@link #isAtMostOnce()}).
         *
         * @since 1.1
         */
        public Builder atMostOnce() {
            this.atMostOnce = true;
            return this;
        }

        /**
         * @throws InvalidMailException without a recipient, a subject or any body
         */
        public OutgoingMail build() {
            if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
                throw new InvalidMailException("to", "a message needs at least one recipient");
            }
            if (subject == null) {
                throw new InvalidMailException("subject", "is required");
            }
            if ((text == null || text.isEmpty()) && (html == null || html.isEmpty())) {
                throw new InvalidMailException("text", "a message needs a text or an HTML body");
            }
            return new OutgoingMail(this);
        }

        private Builder add(String field, List<MailAddress> list, String... addresses) {
            for (String a : addresses) {
                list.add(parse(field, a));
            }
            return this;
        }

        private static MailAddress parse(String field, String text) {
            try {
                return MailAddress.parse(text);
            } catch (InvalidMailException e) {
                throw new InvalidMailException(field, "'" + text + "' is not an e-mail address");
            }
        }
    }
}
