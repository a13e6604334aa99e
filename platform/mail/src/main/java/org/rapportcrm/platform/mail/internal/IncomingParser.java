package org.rapportcrm.platform.mail.internal;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.dsn.DeliveryStatus;
import org.eclipse.angus.mail.dsn.MultipartReport;
import org.rapportcrm.platform.api.mail.DeliveryReport;
import org.rapportcrm.platform.api.mail.IncomingAttachment;
import org.rapportcrm.platform.api.mail.IncomingMail;
import org.rapportcrm.platform.api.mail.MailAddress;

/**
 * Turns a MIME message into an {@link IncomingMail}: the first text and HTML bodies (HTML sanitised), the other parts
 * as attachments, threading ids, decoded headers, and a delivery status report as a {@link DeliveryReport}. Lenient:
 * an unknown charset is read as UTF-8, an unreadable address is left out, a missing Message-ID replaced.
 */
final class IncomingParser {
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

    private IncomingParser() {
    }

    static IncomingMail parse(String mailbox, MimeMessage message, String fallbackId) throws MessagingException, IOException {
        Content content = new Content();
        walk(message, content, true);
        String messageId = first(ids(message.getHeader("Message-ID", null)));
        return new IncomingMail(mailbox, messageId != null ? messageId : fallbackId,
                first(ids(message.getHeader("In-Reply-To", null))), ids(message.getHeader("References", " ")),
                firstAddress(message, "From"), addresses(message, "To"), addresses(message, "Cc"),
                message.getSubject() == null ? "" : message.getSubject(),
                message.getSentDate() == null ? null : message.getSentDate().toInstant(),
                content.text, HtmlSanitizer.sanitize(content.html), content.attachments, headers(message), content.report);
    }

    private static final class Content {
        String text;
        String html;
        List<IncomingAttachment> attachments = new ArrayList<>();
        DeliveryReport report;
    }

    private static void walk(Part part, Content content, boolean top) throws MessagingException, IOException {
        String type = baseType(part);
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || (!top && part.getFileName() != null
                && !type.startsWith("multipart/"));
        if (!attachment && type.equals("multipart/report")) {
            Object report = content(part);
            if (report instanceof MultipartReport r) {
                content.report = report(r);
                walkChildren(r, content);
                return;
            }
        }
        if (!attachment && type.startsWith("multipart/")) {
            Object multipart = content(part);
            if (multipart instanceof Multipart m) {
                walkChildren(m, content);
                return;
            }
        }
        if (!attachment && type.equals("text/plain") && content.text == null) {
            content.text = text(part);
        } else if (!attachment && type.equals("text/html") && content.html == null) {
            content.html = text(part);
        } else if (!top && !type.equals("message/delivery-status") && !type.equals("text/rfc822-headers")) {
            content.attachments.add(attachment(part, type, content.attachments.size() + 1));
        }
    }

    private static void walkChildren(Multipart m, Content content) throws MessagingException, IOException {
        for (int i = 0; i < m.getCount(); i++) {
            BodyPart child = m.getBodyPart(i);
            walk(child, content, false);
        }
    }

    private static Object content(Part part) throws MessagingException, IOException {
        try {
            return part.getContent();
        } catch (UnsupportedEncodingException e) {
            return null;
        }
    }

    private static String baseType(Part part) throws MessagingException {
        try {
            return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "text/plain";
        }
    }

    /** A text part in its charset; one Java does not know is read as UTF-8 rather than refused. */
    private static String text(Part part) throws MessagingException, IOException {
        try {
            Object c = part.getContent();
            if (c instanceof String s) {
                return s;
            }
        } catch (UnsupportedEncodingException e) {
            // fall through to the raw bytes
        }
        Charset charset = StandardCharsets.UTF_8;
        try {
            String name = new ContentType(part.getContentType()).getParameter("charset");
            if (name != null && Charset.isSupported(MimeUtility.javaCharset(name))) {
                charset = Charset.forName(MimeUtility.javaCharset(name));
            }
        } catch (MessagingException | RuntimeException e) {
            // keep UTF-8
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), charset);
        }
    }

    private static IncomingAttachment attachment(Part part, String type, int n) throws MessagingException, IOException {
        String name = part.getFileName();
        if (name != null) {
            try {
                name = MimeUtility.decodeText(name);
            } catch (UnsupportedEncodingException e) {
                // keep it as sent
            }
        }
        if (name == null || name.isBlank()) {
            name = "attachment-" + n + (type.equals("message/rfc822") ? ".eml" : "");
        }
        byte[] bytes;
        if (type.equals("message/rfc822") && part.getContent() instanceof MimeMessage nested) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            nested.writeTo(out);
            bytes = out.toByteArray();
        } else {
            try (InputStream in = part.getInputStream()) {
                bytes = in.readAllBytes();
            }
        }
        return new IncomingAttachment(name, type, Part.INLINE.equalsIgnoreCase(part.getDisposition()), bytes);
    }

    private static DeliveryReport report(MultipartReport report) throws MessagingException {
        if (!(report.getReport() instanceof DeliveryStatus status)) {
            return null;
        }
        List<DeliveryReport.Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < status.getRecipientDSNCount(); i++) {
            InternetHeaders h = status.getRecipientDSN(i);
            recipients.add(new DeliveryReport.Recipient(typed(h.getHeader("Final-Recipient", null)), trim(h.getHeader("Action", null)),
                    trim(h.getHeader("Status", null)), typed(h.getHeader("Diagnostic-Code", null))));
        }
        String original = null;
        try {
            MimeMessage returned = report.getReturnedMessage();
            if (returned != null) {
                original = first(ids(returned.getHeader("Message-ID", null)));
            }
        } catch (MessagingException e) {
            // a report without the returned headers
        }
        return new DeliveryReport(typed(status.getMessageDSN().getHeader("Reporting-MTA", null)), original, recipients);
    }

    /** A DSN field without its type: {@code rfc822; jane@example.org} is {@code jane@example.org}. */
    private static String typed(String value) {
        if (value == null) {
            return null;
        }
        int semicolon = value.indexOf(';');
        return trim(semicolon >= 0 ? value.substring(semicolon + 1) : value);
    }

    private static String trim(String s) {
        return s == null ? null : MimeUtility.unfold(s).trim();
    }

    static List<String> ids(String header) {
        List<String> ids = new ArrayList<>();
        if (header != null) {
            Matcher m = MESSAGE_ID.matcher(MimeUtility.unfold(header));
            while (m.find()) {
                ids.add(m.group());
            }
        }
        return ids;
    }

    private static String first(List<String> list) {
        return list.isEmpty() ? null : list.get(0);
    }

    private static MailAddress firstAddress(Message message, String header) throws MessagingException {
        List<MailAddress> all = addresses(message, header);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<MailAddress> addresses(Message message, String header) throws MessagingException {
        String[] values = message.getHeader(header);
        List<MailAddress> list = new ArrayList<>();
        if (values == null) {
            return list;
        }
        for (String value : values) {
            try {
                for (Address a : InternetAddress.parseHeader(MimeUtility.unfold(value), false)) {
                    if (a instanceof InternetAddress ia && MailAddress.isValid(ia.getAddress())) {
                        list.add(MailAddress.of(ia.getAddress(), ia.getPersonal()));
                    }
                }
            } catch (AddressException e) {
                // an unreadable address is left out
            }
        }
        return list;
    }

    private static Map<String, List<String>> headers(MimeMessage message) throws MessagingException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Enumeration<Header> all = message.getAllHeaders();
        while (all.hasMoreElements()) {
            Header h = all.nextElement();
            String value = MimeUtility.unfold(h.getValue() == null ? "" : h.getValue()).trim();
            try {
                value = MimeUtility.decodeText(value);
            } catch (UnsupportedEncodingException e) {
                // keep it encoded
            }
            headers.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        }
        return headers;
    }
}
