package org.rapportcrm.platform.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rapportcrm.platform.api.file.NewFile;
import org.rapportcrm.platform.api.mail.MailStatus;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.security.Actor;

/** The queue against a real SMTP server (GreenMail) and the real core: what a caller queues arrives as it was meant. */
class MailServiceTest {
    @RegisterExtension
    static final GreenMailExtension SERVER = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("support@rapport.test", "support", "secret"))
            .withPerMethodLifecycle(true);

    private final MailFixture fixture = new MailFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aQueuedMessageArrivesWithItsThreadingHeadersBodiesAndAttachment() throws Exception {
        fixture.configure(MailFixture.smtp(SERVER.getSmtp().getPort()));
        Record contact = fixture.core.records.create(Actor.system(), "contact", Map.of("lastName", "Müller", "email", "jane@example.org"));
        String fileId = fixture.core.files.store(Actor.system(), "contact", contact.getId(), new NewFile("terms.txt", "text/plain", false),
                new ByteArrayInputStream("Our terms".getBytes(StandardCharsets.UTF_8))).id();

        String id = fixture.mail.send(OutgoingMail.builder().to("Jane Müller <jane@example.org>").cc("support@rapport.test")
                .subject("Re: Ihre Anfrage – Grüße").text("Plain text").html("<p>Rich <b>text</b></p>")
                .header("In-Reply-To", "<question-1@example.org>").header("References", "<start@example.org> <question-1@example.org>")
                .about("contact", contact.getId()).attach(fileId).build());

        assertEquals(MailStatus.State.QUEUED, fixture.mail.status(id).orElseThrow().state());
        assertTrue(SERVER.getReceivedMessages().length == 0, "nothing is sent on the caller's thread");
        fixture.tasks.runOnce(fixture.send);

        assertTrue(SERVER.waitForIncomingEmail(5000, 2));
        MimeMessage received = SERVER.getReceivedMessages()[0];
        assertEquals(id, received.getMessageID());
        assertEquals("Re: Ihre Anfrage – Grüße", received.getSubject());
        jakarta.mail.internet.InternetAddress from = (jakarta.mail.internet.InternetAddress) received.getFrom()[0];
        assertEquals("crm@rapport.test", from.getAddress());
        assertEquals("Rapport CRM", from.getPersonal());
        assertEquals("<question-1@example.org>", received.getHeader("In-Reply-To", null));
        assertEquals("<start@example.org> <question-1@example.org>", received.getHeader("References", " ").replaceAll("\\s+", " "));
        Multipart mixed = assertInstanceOf(Multipart.class, received.getContent());
        assertTrue(received.getContentType().startsWith("multipart/mixed"), received.getContentType());
        Multipart alternative = assertInstanceOf(Multipart.class, mixed.getBodyPart(0).getContent());
        assertTrue(mixed.getBodyPart(0).getContentType().startsWith("multipart/alternative"));
        assertEquals("Plain text", alternative.getBodyPart(0).getContent());
        assertEquals("<p>Rich <b>text</b></p>", alternative.getBodyPart(1).getContent());
        assertEquals(Part.ATTACHMENT, mixed.getBodyPart(1).getDisposition());
        assertEquals("terms.txt", mixed.getBodyPart(1).getFileName());

        MailStatus sent = fixture.mail.status(id).orElseThrow();
        assertEquals(MailStatus.State.SENT, sent.state());
        assertEquals(1, sent.attempts());
        assertTrue(sent.lastReply().startsWith("250"), sent.lastReply());
        assertEquals(List.of(id), fixture.mail.messagesAbout(Actor.system(), "contact", contact.getId()).stream().map(MailStatus::messageId).toList());
    }

    @Test
    void withDkimSettingsEveryMessageIsSignedSoThatTheReceiverVerifiesItAndNoticesATamperedOne() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Path keyFile = Files.createTempFile("dkim", ".pem");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Map<String, Object> settings = new HashMap<>(MailFixture.smtp(SERVER.getSmtp().getPort()));
        settings.putAll(Map.of("dkimDomain", "rapport.test", "dkimSelector", "crm2026", "dkimKeyFile", keyFile.toString()));
        fixture.configure(settings);

        fixture.mail.send(OutgoingMail.builder().to("jane@example.org").subject("Signed – ganz sicher").text("Grüße\n  with  spaces \n")
                .html("<p>Signed</p>").header("List-Unsubscribe", "<mailto:unsubscribe@rapport.test>").build());
        fixture.tasks.runOnce(fixture.send);
        assertTrue(SERVER.waitForIncomingEmail(5000, 1));
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        SERVER.getReceivedMessages()[0].writeTo(raw);
        String message = raw.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("DKIM-Signature:") && message.contains("d=rapport.test") && message.contains("s=crm2026"), message);

        String publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        assertEquals("verified", dkimVerify(message, publicKey), "Python's dkimpy, with the key as DNS would publish it");
        assertEquals("failed", dkimVerify(message.replace("Signed</p>", "Unsigned</p>"), publicKey));

        settings.remove("dkimKeyFile");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> fixture.configure(settings));
        assertTrue(missing.getMessage().contains("dkimKeyFile"), missing.getMessage());
        settings.put("dkimKeyFile", keyFile.resolveSibling("no-such-key.pem").toString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> fixture.configure(settings)).getMessage().contains("cannot be read"));
    }

    /** Verifies a message with dkimpy (python3-dkim), answering the DNS query for the selector with this public key. */
    private static String dkimVerify(String message, String publicKey) throws Exception {
        String script = """
                import sys, dkim
                key = sys.argv[1].encode()
                def dns(name, timeout=5):
                    return b"v=DKIM1; k=rsa; p=" + key if name == b"crm2026._domainkey.rapport.test." else None
                print("verified" if dkim.verify(sys.stdin.buffer.read(), dnsfunc=dns) else "failed")
                """;
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, publicKey).redirectErrorStream(true).start();
        p.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void withoutSettingsAMessageWaitsInTheQueueAndGoesOutOnceMailIsConfigured() throws Exception {
        String id = fixture.mail.send(OutgoingMail.builder().to("jane@example.org").subject("Waiting").text("for SMTP").build());
        assertEquals(TaskOutcome.Kind.RUN_AGAIN, fixture.tasks.runOnce(fixture.send).get(0).kind());
        assertEquals(MailStatus.State.QUEUED, fixture.mail.status(id).orElseThrow().state());
        assertEquals(0, fixture.mail.status(id).orElseThrow().attempts());

        fixture.configure(MailFixture.smtp(SERVER.getSmtp().getPort()));
        fixture.tasks.runOnce(new ResumeTask(fixture.mail));
        fixture.tasks.runOnce(fixture.send);
        assertTrue(SERVER.waitForIncomingEmail(5000, 1));
        assertEquals(MailStatus.State.SENT, fixture.mail.status(id).orElseThrow().state());
        // The sender is the one configured when it went out.
        assertEquals("crm@rapport.test", ((jakarta.mail.internet.InternetAddress) SERVER.getReceivedMessages()[0].getFrom()[0]).getAddress());
    }

    @Test
    void anUnreachableServerIsRetriedAndTheMessageGoesOutWhenItIsBack() throws Exception {
        int port = SERVER.getSmtp().getPort();
        fixture.configure(MailFixture.smtp(port));
        SERVER.stop();
        String id = fixture.mail.send(OutgoingMail.builder().to("jane@example.org").subject("Patience").text("is a virtue").build());
        TaskOutcome first = fixture.tasks.runOnce(fixture.send).get(0);
        assertEquals(TaskOutcome.Kind.RUN_AGAIN, first.kind());
        MailStatus waiting = fixture.mail.status(id).orElseThrow();
        assertEquals(MailStatus.State.QUEUED, waiting.state());
        assertEquals(1, waiting.attempts());
        assertTrue(waiting.lastReply() != null && !waiting.lastReply().isBlank());

        SERVER.start();
        fixture.configure(MailFixture.smtp(SERVER.getSmtp().getPort()));
        assertEquals(TaskOutcome.Kind.DONE, fixture.tasks.runOnce(fixture.send).get(0).kind());
        assertTrue(SERVER.waitForIncomingEmail(5000, 1));
        assertEquals(MailStatus.State.SENT, fixture.mail.status(id).orElseThrow().state());
        assertEquals(2, fixture.mail.status(id).orElseThrow().attempts());
    }

    @Test
    void bulkMailIsSentAtMostOnceEvenWhenANodeDiesWhileTheServerTakesIt() throws Exception {
        fixture.configure(MailFixture.smtp(SERVER.getSmtp().getPort()));
        String sent = fixture.mail.send(OutgoingMail.builder().to("jane@example.org").subject("News 1").text("once").atMostOnce().build());
        fixture.tasks.runOnce(fixture.send);
        assertTrue(SERVER.waitForIncomingEmail(5000, 1));
        assertEquals(MailStatus.State.SENT, fixture.mail.status(sent).orElseThrow().state());
        assertEquals(1, fixture.mail.status(sent).orElseThrow().attempts());

        // A node noted it was handing this one to the server, and died before it could note the answer.
        String inDoubt = fixture.mail.send(OutgoingMail.builder().to("jane@example.org").subject("News 2").text("once").atMostOnce().build());
        Record queued = fixture.core.records.query(Actor.system(), org.rapportcrm.platform.api.query.Query.of(MailTypes.MESSAGE)
                .where(org.rapportcrm.platform.api.query.Filter.eq("messageId", inDoubt))).items().get(0);
        fixture.core.records.update(Actor.system(), MailTypes.MESSAGE, queued.getId(), queued.getVersion(),
                Map.of("attempts", 1, "lastReply", MailServiceImpl.IN_DOUBT));
        assertEquals(TaskOutcome.Kind.DONE, fixture.tasks.runOnce(fixture.send).get(0).kind()); // the rerun on another node

        MailStatus status = fixture.mail.status(inDoubt).orElseThrow();
        assertEquals(MailStatus.State.FAILED, status.state());
        assertTrue(status.lastReply().startsWith("In doubt"), status.lastReply());
        assertEquals(1, SERVER.getReceivedMessages().length, "not sent again");
    }

    @Test
    void theMessagesAboutARecordAreListedWithItAndAMissingRecordHasNone() {
        Record account = fixture.core.records.create(Actor.system(), "account", Map.of("name", "Private Ltd"));
        fixture.mail.send(OutgoingMail.builder().to("a@example.org").subject("About it").text("x").about("account", account.getId()).build());
        assertEquals(1, fixture.mail.messagesAbout(Actor.system(), "account", account.getId()).size());
        assertThrows(RecordNotFoundException.class, () -> fixture.mail.messagesAbout(Actor.system(), "account", "00000000-0000-0000-0000-000000000000"));
    }

    @Test
    void theQueueIsHiddenFromEveryoneButThePlatformEvenAdministrators() {
        fixture.mail.send(OutgoingMail.builder().to("a@example.org").bcc("secret@example.org").subject("Private").text("x").build());
        Actor admin = fixture.core.user("root2", java.util.Set.of("admin"), java.util.Set.of());
        assertThrows(org.rapportcrm.platform.api.security.AccessDeniedException.class,
                () -> fixture.core.records.query(admin, org.rapportcrm.platform.api.query.Query.of(MailTypes.MESSAGE)));
        assertEquals(org.rapportcrm.platform.api.security.AccessScope.NONE, fixture.core.policy.access(admin, MailTypes.MESSAGE).read());
    }
}
