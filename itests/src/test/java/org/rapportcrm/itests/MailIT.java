package org.rapportcrm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.rapportcrm.platform.api.mail.DeliveryReport;
import org.rapportcrm.platform.api.mail.IncomingMail;
import org.rapportcrm.platform.api.mail.IncomingMailHandler;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.mail.MailStatus;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;

/**
 * The mail service in the real distribution (one Karaf for the class) against a real SMTP and IMAP server, GreenMail
 * standalone, which the test starts as a process: a queued message arrives with its threading headers and multipart
 * structure; with the server down, it is sent once the server is back; a message in a configured mailbox reaches a
 * handler once, also across a restart of the mail bundle; a bounce arrives parsed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class MailIT {
    private static final String HTTP_PORT = RapportExam.port(18681);
    private static final int SMTP = Integer.parseInt(RapportExam.port(18625));
    private static final int IMAP = Integer.parseInt(RapportExam.port(18643));
    private static final int API = Integer.parseInt(RapportExam.port(18680));
    private static final GreenMail greenMail = new GreenMail(SMTP, IMAP, API, "support:secret@rapport.test");
    private static final List<IncomingMail> received = new CopyOnWriteArrayList<>();
    private static ServiceRegistration<IncomingMailHandler> handler;

    @Inject
    private MailService mail;

    @Inject
    private RecordService records;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(RapportExam.distribution(HTTP_PORT, RapportExam.port(18601))));
        options.addAll(greenMail.karafOptions("crm@rapport.test"));
        options.add(editConfigurationFilePut("etc/org.rapportcrm.mail.cfg", "fromName", "Rapport CRM"));
        return options.toArray(Option[]::new);
    }

    /** Started once for the class (Pax Exam runs the class's hooks around every method), gone with the container. */
    private static void ensureGreenMail() throws Exception {
        greenMail.ensureRunning();
    }

    @Test
    public void a_aQueuedMessageArrivesWithItsThreadingHeadersAndMultipartStructure() throws Exception {
        ensureGreenMail();
        Record contact = records.create(Actor.system(), "contact", Map.of("lastName", "Jones", "email", "jones@rapport.test"));
        String id = mail.send(OutgoingMail.builder().to("Ann Jones <jones@rapport.test>").subject("Re: Your case [#7]")
                .text("We are on it.").html("<p>We are <b>on it</b>.</p>")
                .header("In-Reply-To", "<question-7@example.org>").header("References", "<question-7@example.org>")
                .about("contact", contact.getId()).build());

        MimeMessage arrived = awaitMessage("jones@rapport.test", "Re: Your case [#7]", 60);
        assertEquals(id, arrived.getMessageID());
        assertEquals("<question-7@example.org>", arrived.getHeader("In-Reply-To", null));
        assertEquals("crm@rapport.test", ((jakarta.mail.internet.InternetAddress) arrived.getFrom()[0]).getAddress());
        assertTrue(arrived.getContentType(), arrived.getContentType().startsWith("multipart/alternative"));
        Multipart parts = (Multipart) arrived.getContent();
        assertEquals("We are on it.", String.valueOf(parts.getBodyPart(0).getContent()).trim());
        assertTrue(parts.getBodyPart(1).getContentType().startsWith("text/html"));
        await("the message is recorded as sent", 30, () -> state(id) == MailStatus.State.SENT);
        assertTrue(mail.status(id).orElseThrow().lastReply().startsWith("250"));

        // Listed with the contact over REST, to those who may read it.
        String listed = get("/mail/messages?recordType=contact&record=" + contact.getId());
        assertTrue(listed, listed.contains(id) && listed.contains("\"SENT\""));
    }

    @Test
    public void b_aMessageQueuedWhileTheServerIsDownIsSentOnceItIsBack() throws Exception {
        greenMail.stop();
        String id = mail.send(OutgoingMail.builder().to("patient@rapport.test").subject("Sent later").text("Nothing is lost").build());
        await("a failed attempt", 30, () -> mail.status(id).map(s -> s.attempts() >= 1 && s.state() == MailStatus.State.QUEUED).orElse(false));
        assertTrue(mail.status(id).orElseThrow().lastReply(), mail.status(id).orElseThrow().lastReply() != null);

        greenMail.start();
        await("sent after the server came back", 90, () -> state(id) == MailStatus.State.SENT);
        assertEquals(id, awaitMessage("patient@rapport.test", "Sent later", 30).getMessageID());
    }

    @Test
    public void c_aMessageInTheMailboxReachesTheHandlerOnceAlsoAfterTheMailBundleRestarts() throws Exception {
        ensureGreenMail();
        handler = context.registerService(IncomingMailHandler.class, received::add, null);
        long queued = System.nanoTime();
        String first = mail.send(OutgoingMail.builder().from("Customer <customer@example.org>").to("support@rapport.test")
                .subject("Printer on fire").text("Help!").header("In-Reply-To", "<earlier@rapport.test>").build());
        await("the handler has the message", 60, () -> subjects().contains("Printer on fire"));
        // A figure for the report, not a check: sent, seen by the reading node waiting in IMAP IDLE, and handed over.
        System.out.printf("MailIT: queued to handed over in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - queued));
        IncomingMail mail1 = received.stream().filter(m -> m.subject().equals("Printer on fire")).findFirst().orElseThrow();
        assertEquals(first, mail1.messageId());
        assertEquals("<earlier@rapport.test>", mail1.inReplyTo());
        assertEquals("customer@example.org", mail1.from().address());
        assertEquals("Help!", mail1.text().trim());

        Bundle bundle = List.of(context.getBundles()).stream().filter(b -> b.getSymbolicName().equals("org.rapportcrm.platform.mail"))
                .findFirst().orElseThrow();
        bundle.stop();
        bundle.start();
        await("the mail service is back", 30, () -> context.getServiceReference(MailService.class) != null);
        MailService restarted = context.getService(context.getServiceReference(MailService.class));
        restarted.send(OutgoingMail.builder().to("support@rapport.test").subject("Second question").text("And another").build());
        await("the second message", 60, () -> subjects().contains("Second question"));
        assertEquals("handed over once", 1, subjects().stream().filter("Printer on fire"::equals).count());
    }

    @Test
    public void d_aBounceInTheMailboxArrivesAsADeliveryReport() throws Exception {
        ensureGreenMail();
        String dsn = String.join("\r\n",
                "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>", "To: support@rapport.test",
                "Subject: Undelivered Mail Returned to Sender", "Message-ID: <bounce-it-1@mx.example.org>", "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"", "", "--B",
                "Content-Type: text/plain", "", "Your message could not be delivered.", "", "--B",
                "Content-Type: message/delivery-status", "", "Reporting-MTA: dns; mx.example.org", "",
                "Final-Recipient: rfc822; gone@example.org", "Action: failed", "Status: 5.1.1",
                "Diagnostic-Code: smtp; 550 5.1.1 User unknown", "", "--B", "Content-Type: text/rfc822-headers", "",
                "Message-ID: <campaign-1.9@rapport.test>", "Subject: Our offer", "", "--B--", "");
        Properties smtp = new Properties();
        smtp.put("mail.smtp.host", "127.0.0.1");
        smtp.put("mail.smtp.port", String.valueOf(SMTP));
        Session session = Session.getInstance(smtp);
        Transport.send(new MimeMessage(session, new ByteArrayInputStream(dsn.getBytes(StandardCharsets.US_ASCII))));

        await("the bounce reaches the handler", 60, () -> subjects().contains("Undelivered Mail Returned to Sender"));
        IncomingMail bounce = received.stream().filter(m -> m.subject().startsWith("Undelivered")).findFirst().orElseThrow();
        assertTrue(bounce.isAutomated());
        DeliveryReport report = bounce.deliveryStatus().orElseThrow();
        assertEquals("<campaign-1.9@rapport.test>", report.originalMessageId());
        assertEquals("gone@example.org", report.recipients().get(0).finalRecipient());
        assertEquals("5.1.1", report.recipients().get(0).status());
        assertTrue(report.recipients().get(0).isPermanentFailure());
        handler.unregister();
    }

    private List<String> subjects() {
        return received.stream().map(IncomingMail::subject).toList();
    }

    private MailStatus.State state(String id) {
        return mail.status(id).map(MailStatus::state).orElse(null);
    }

    private String get(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://localhost:" + HTTP_PORT + "/api/v1" + path).toURL().openConnection();
        c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                ("admin:" + RapportExam.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, c.getResponseCode());
        return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static MimeMessage awaitMessage(String user, String subject, int seconds) throws Exception {
        return greenMail.awaitMessage(user, subject, seconds);
    }

    private static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        GreenMail.await(what, seconds, condition);
    }
}
