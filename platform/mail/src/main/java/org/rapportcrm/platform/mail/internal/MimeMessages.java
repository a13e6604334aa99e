package org.rapportcrm.platform.mail.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.activation.DataHandler;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.rapportcrm.platform.api.mail.MailAddress;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.record.Record;

/**
 * Between the queue's records and MIME: what an {@link OutgoingMail} is stored as, and the message sent for a
 * stored one: text/plain or text/html alone, multipart/alternative for both, inside multipart/mixed with
 * attachments; UTF-8 throughout; the {@code Message-ID} given when it was queued.
 */
final class MimeMessages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> HEADERS = new TypeReference<>() {
    };

    /** A file to attach, read from the file store. */
    record Attachment(String name, String mediaType, byte[] content) {
    }

    private MimeMessages() {
    }

    /** The queue record's values for a message. */
    static Map<String, Object> values(OutgoingMail mail, String messageId, MailAddress defaultSender) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("messageId", messageId);
        v.put("subject", mail.subject());
        MailAddress from = mail.from() != null ? mail.from() : defaultSender;
        v.put("fromAddress", from == null ? null : from.toString());
        v.put("replyTo", join(mail.replyTo()));
        v.put("toAddresses", join(mail.to()));
        v.put("ccAddresses", join(mail.cc()));
        v.put("bccAddresses", join(mail.bcc()));
        v.put("envelopeFrom", mail.envelopeFrom());
        v.put("atMostOnce", mail.isAtMostOnce());
        v.put("textBody", mail.text());
        v.put("htmlBody", mail.html());
        try {
            v.put("headers", mail.headers().isEmpty() ? null : JSON.writeValueAsString(mail.headers()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        v.put("attachments", mail.attachments().isEmpty() ? null : String.join(",", mail.attachments()));
        v.put("relatedType", mail.relatedType());
        v.put("relatedId", mail.relatedId());
        v.put("status", MailTypes.QUEUED);
        v.put("attempts", 0L);
        return v;
    }

    /** Addresses as the queue keeps them: one per line, each as {@code "Name" <address>}. */
    static String join(List<MailAddress> addresses) {
        return addresses.isEmpty() ? null : String.join("\n", addresses.stream().map(MailAddress::toString).toList());
    }

    static List<MailAddress> split(Object stored) {
        if (stored == null || stored.toString().isBlank()) {
            return List.of();
        }
        return Arrays.stream(stored.toString().split("\n")).map(String::trim).filter(s -> !s.isEmpty()).map(MailAddress::parse).toList();
    }

    static List<String> attachmentIds(Record message) {
        Object ids = message.get("attachments");
        return ids == null ? List.of() : Arrays.stream(ids.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Everyone the message goes to: To, Cc and Bcc. */
    static Address[] recipients(Record message) throws UnsupportedEncodingException {
        List<Address> all = new ArrayList<>();
        for (String field : List.of("toAddresses", "ccAddresses", "bccAddresses")) {
            for (MailAddress a : split(message.get(field))) {
                all.add(internet(a));
            }
        }
        return all.toArray(Address[]::new);
    }

    /** The MIME message for a queued record, with sender {@code from} when the record names none. */
    static SMTPMessage build(Session session, Record message, MailAddress from, List<Attachment> attachments)
            throws MessagingException, UnsupportedEncodingException {
        String messageId = message.get("messageId").toString();
        SMTPMessage mime = new SMTPMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        List<MailAddress> stored = split(message.get("fromAddress"));
        mime.setFrom(internet(stored.isEmpty() ? from : stored.get(0)));
        setAddresses(mime, "Reply-To", message.get("replyTo"));
        setAddresses(mime, "To", message.get("toAddresses"));
        setAddresses(mime, "Cc", message.get("ccAddresses"));
        mime.setSubject(value(message, "subject"), "UTF-8");
        mime.setSentDate(new Date());
        if (message.get("envelopeFrom") != null) {
            mime.setEnvelopeFrom(message.get("envelopeFrom").toString());
        }
        Object headers = message.get("headers");
        if (headers != null) {
            try {
                for (Map.Entry<String, String> h : JSON.readValue(headers.toString(), HEADERS).entrySet()) {
                    mime.addHeader(h.getKey(), h.getValue());
                }
            } catch (JsonProcessingException e) {
                throw new MessagingException("The stored headers are not readable", e);
            }
        }
        String text = (String) message.get("textBody");
        String html = (String) message.get("htmlBody");
        if (attachments.isEmpty()) {
            body(mime, text, html);
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart content = new MimeBodyPart();
            body(content, text, html);
            mixed.addBodyPart(content);
            for (Attachment a : attachments) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), a.mediaType())));
                part.setFileName(a.name());
                part.setDisposition(MimeBodyPart.ATTACHMENT);
                mixed.addBodyPart(part);
            }
            mime.setContent(mixed);
        }
        mime.saveChanges();
        return mime;
    }

    private static void body(jakarta.mail.internet.MimePart part, String text, String html) throws MessagingException {
        if (text != null && html != null) {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, "UTF-8");
            alternative.addBodyPart(plain);
            MimeBodyPart rich = new MimeBodyPart();
            rich.setText(html, "UTF-8", "html");
            alternative.addBodyPart(rich);
            part.setContent(alternative);
        } else if (html != null) {
            part.setText(html, "UTF-8", "html");
        } else {
            part.setText(text == null ? "" : text, "UTF-8");
        }
    }

    private static void setAddresses(SMTPMessage mime, String header, Object stored) throws MessagingException, UnsupportedEncodingException {
        List<MailAddress> addresses = split(stored);
        if (!addresses.isEmpty()) {
            List<Address> list = new ArrayList<>();
            for (MailAddress a : addresses) {
                list.add(internet(a));
            }
            switch (header) {
                case "Reply-To" -> mime.setReplyTo(list.toArray(Address[]::new));
                case "To" -> mime.setRecipients(jakarta.mail.Message.RecipientType.TO, list.toArray(Address[]::new));
                default -> mime.setRecipients(jakarta.mail.Message.RecipientType.CC, list.toArray(Address[]::new));
            }
        }
    }

    static InternetAddress internet(MailAddress a) throws UnsupportedEncodingException {
        return new InternetAddress(a.address(), a.name(), StandardCharsets.UTF_8.name());
    }

    private static String value(Record r, String field) {
        Object v = r.get(field);
        return v == null ? "" : v.toString();
    }
}
