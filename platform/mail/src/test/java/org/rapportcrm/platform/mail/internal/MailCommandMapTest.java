package org.rapportcrm.platform.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.activation.CommandMap;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.eclipse.angus.mail.dsn.DeliveryStatus;
import org.eclipse.angus.mail.dsn.MultipartReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bundle's own content handlers work whatever the thread's context class loader sees: in Karaf it sees neither
 * Angus's nor the DSN package's mailcap files, so here it sees nothing at all.
 */
class MailCommandMapTest {
    private final Thread thread = Thread.currentThread();
    private final ClassLoader before = thread.getContextClassLoader();
    private MimeSupport mime;

    @BeforeEach
    void aLoaderThatSeesNoMailcap() {
        thread.setContextClassLoader(new ClassLoader(null) {
        });
        mime = new MimeSupport();
    }

    @AfterEach
    void restore() {
        mime.reset();
        thread.setContextClassLoader(before);
    }

    private final Session session = Session.getInstance(new Properties());

    @Test
    void multipartMessagesAreWrittenAndTheirTextReadBackAsText() throws Exception {
        MimeMessage message = new MimeMessage(session);
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Grüße", "UTF-8");
        alternative.addBodyPart(text);
        MimeBodyPart html = new MimeBodyPart();
        html.setText("<p>Grüße</p>", "UTF-8", "html");
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);

        MimeMessage read = new MimeMessage(session, new ByteArrayInputStream(out.toByteArray()));
        MimeMultipart parts = assertInstanceOf(MimeMultipart.class, read.getContent());
        assertEquals("Grüße", parts.getBodyPart(0).getContent());
        assertEquals("<p>Grüße</p>", parts.getBodyPart(1).getContent());
    }

    @Test
    void aDeliveryStatusNotificationIsAReportWithItsStatus() throws Exception {
        MimeMessage bounce;
        try (InputStream in = getClass().getResourceAsStream("/bounce.eml")) {
            bounce = new MimeMessage(session, in);
        }
        MultipartReport report = assertInstanceOf(MultipartReport.class, bounce.getContent());
        DeliveryStatus status = assertInstanceOf(DeliveryStatus.class, report.getReport());
        assertEquals("5.1.1", status.getRecipientDSN(0).getHeader("Status", null));
        assertTrue(new String(report.getText().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).contains("could not be delivered"));
    }

    @Test
    void theBundleGivesTheJvmWideMapBackWhenItStops() {
        assertInstanceOf(MailCommandMap.class, CommandMap.getDefaultCommandMap());
        mime.reset();
        assertFalse(CommandMap.getDefaultCommandMap() instanceof MailCommandMap);
        mime = new MimeSupport();
    }
}
