package org.rapportcrm.platform.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rapportcrm.platform.api.mail.DeliveryReport;
import org.rapportcrm.platform.api.mail.IncomingMail;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.core.internal.Configs;

/** A mailbox on a real IMAP server (GreenMail) read into handlers: each message once, in order, bounces understood. */
class InboxPollTest {
    @RegisterExtension
    static final GreenMailExtension SERVER = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("support@rapport.test", "support", "secret"))
            .withPerMethodLifecycle(true);

    private final MailFixture fixture = new MailFixture();
    private final List<IncomingMail> received = new CopyOnWriteArrayList<>();
    private final AtomicBoolean failing = new AtomicBoolean();
    private InboxPoll poll;

    @BeforeEach
    void aMailboxAndAHandler() {
        fixture.configure(MailFixture.smtp(SERVER.getSmtp().getPort()));
        poll = newPoll();
    }

    /** The poll task as a (re)started bundle has it: the mailbox and the test's handler registered. */
    private InboxPoll newPoll() {
        return newPoll(0);
    }

    private InboxPoll newPoll(int idleSeconds) {
        return newPoll(idleSeconds, new InboxPoll(fixture.core.records, fixture.mime));
    }

    private InboxPoll newPoll(int idleSeconds, InboxPoll p) {
        p.inboxes.add(new Inbox(fixture.mime, fixture.tasks, Configs.of(InboxConfig.class, Map.of("name", "support", "host", "127.0.0.1",
                "port", SERVER.getImap().getPort(), "tls", false, "user", "support", "password", "secret", "pollSeconds", 1,
                "idleSeconds", idleSeconds, "timeoutSeconds", idleSeconds + 30))));
        p.handlers.add(mail -> {
            if (failing.get()) {
                throw new IllegalStateException("the handler's database is away");
            }
            received.add(mail);
        });
        return p;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private void deliver(String subject, String inReplyTo) throws Exception {
        OutgoingMail.Builder mail = OutgoingMail.builder().from("Jane Doe <jane@example.org>").to("support@rapport.test").subject(subject)
                .text("Plain " + subject).html("<p onclick=\"steal()\">Rich <script>alert(1)</script>" + subject + "</p>");
        if (inReplyTo != null) {
            mail.header("In-Reply-To", inReplyTo).header("References", "<first@example.org> " + inReplyTo);
        }
        fixture.mail.send(mail.build());
        fixture.tasks.runOnce(fixture.send);
    }

    @Test
    void aNewMessageReachesTheHandlersOnceParsedAndSanitised() throws Exception {
        deliver("My printer is on fire", "<reply-to-me@rapport.test>");
        assertTrue(SERVER.waitForIncomingEmail(5000, 1));

        fixture.tasks.runOnce(poll);
        assertEquals(1, received.size());
        IncomingMail mail = received.get(0);
        assertEquals("support", mail.mailbox());
        assertEquals("My printer is on fire", mail.subject());
        assertEquals("jane@example.org", mail.from().address());
        assertEquals("Jane Doe", mail.from().name());
        assertEquals("<reply-to-me@rapport.test>", mail.inReplyTo());
        assertEquals(List.of("<first@example.org>", "<reply-to-me@rapport.test>"), mail.references());
        assertEquals("Plain My printer is on fire", mail.text());
        assertFalse(mail.html().contains("script") || mail.html().contains("onclick"), mail.html());
        assertTrue(mail.html().contains("Rich"), mail.html());
        assertTrue(mail.messageId().startsWith("<") && mail.messageId().endsWith("@rapport.test>"), mail.messageId());
        assertFalse(mail.isAutomated());

        fixture.tasks.runOnce(poll);
        assertEquals(1, received.size(), "read again: nothing new");
    }

    @Test
    void aMailboxWaitingWithIdleIsReadAsSoonAsAMessageArrivesAndAStoppingBundleEndsTheWait() throws Exception {
        InboxPoll idling = newPoll(120);
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<List<TaskOutcome>> run = reader.submit(() -> fixture.tasks.runOnce(idling));
            CoreFixture.await("the reader waiting in IDLE", () -> idling.isIdling(), 30);
            deliver("Any news?", null);
            CoreFixture.await("the first message", () -> received.size() == 1, 30); // in the same run: the wait ended with the message, not at a next poll
            assertEquals(List.of("Any news?"), received.stream().map(IncomingMail::subject).toList());
            assertFalse(run.isDone(), "waiting again for the next message");

            deliver("And now?", null);
            CoreFixture.await("the second message, and waiting again", () -> received.size() == 2 && idling.isIdling(), 30);
            idling.stop();
            TaskOutcome outcome = run.get(60, TimeUnit.SECONDS).get(0);
            assertEquals(TaskOutcome.Kind.RUN_AGAIN, outcome.kind(), "the wait ended with the bundle");
            assertFalse(outcome.at().isAfter(Instant.now()), "the next node to start it waits again at once");
            fixture.tasks.runOnce(newPoll());
            assertEquals(2, received.size(), "each message handed over once");
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void aFullMailboxIsReadBatchAfterBatchInOneRunInTheOrderItArrived() throws Exception {
        Session session = Session.getInstance(new java.util.Properties());
        int count = 210; // more than one read's batch of 200
        for (int i = 0; i < count; i++) {
            MimeMessage message = new MimeMessage(session);
            message.setFrom("customer" + i + "@example.org");
            message.setRecipients(jakarta.mail.Message.RecipientType.TO, "support@rapport.test");
            message.setSubject("Message " + i);
            message.setText("Body of message " + i);
            message.saveChanges();
            message.setHeader("Message-ID", "<full-" + i + "@example.org>");
            SERVER.getUserManager().getUser("support").deliver(message);
        }

        // A slice long enough for GreenMail, which answers a FETCH in a full mailbox slowly.
        fixture.tasks.runOnce(newPoll(0, new InboxPoll(fixture.core.records, java.time.Duration.ofMinutes(2))));
        assertEquals(java.util.stream.IntStream.range(0, count).mapToObj(i -> "Message " + i).toList(),
                received.stream().map(IncomingMail::subject).toList(), "every message, in order, without waiting for another run");
    }

    @Test
    void aRestartThatLostItsPlaceInTheMailboxDoesNotHandTheSameMessageOverAgain() throws Exception {
        deliver("First", null);
        assertTrue(SERVER.waitForIncomingEmail(5000, 1));
        fixture.tasks.runOnce(poll);
        assertEquals(1, received.size());

        // A new poll task without the checkpoint (as if the node died before it was written): the notes of handled
        // Message-IDs keep the first message from coming again; the second one is new.
        fixture.tasks.cancel(InboxPoll.NAME, "support");
        fixture.tasks.schedule(InboxPoll.NAME, "support", java.time.Instant.now(), Map.of());
        deliver("Second", null);
        assertTrue(SERVER.waitForIncomingEmail(5000, 2));
        fixture.tasks.runOnce(newPoll());
        assertEquals(List.of("First", "Second"), received.stream().map(IncomingMail::subject).toList());
        assertEquals(2, poll.handledCount("support"));
    }

    @Test
    void aMessageAHandlerFailedOnIsOfferedAgainAtTheNextRead() throws Exception {
        deliver("Try again", null);
        assertTrue(SERVER.waitForIncomingEmail(5000, 1));
        failing.set(true);
        fixture.tasks.runOnce(poll);
        assertEquals(0, received.size());
        assertTrue(poll.state().contains("the handler's database is away"), poll.state());

        failing.set(false);
        fixture.tasks.runOnce(poll);
        assertEquals(List.of("Try again"), received.stream().map(IncomingMail::subject).toList());
    }

    @Test
    void aBounceIsParsedIntoADeliveryReport() throws Exception {
        Session session = Session.getInstance(new java.util.Properties());
        MimeMessage bounce;
        try (InputStream in = getClass().getResourceAsStream("/bounce.eml")) {
            bounce = new MimeMessage(session, in);
        }
        SERVER.getUserManager().getUserByEmail("support@rapport.test").deliver(bounce);

        fixture.tasks.runOnce(poll);
        IncomingMail mail = received.get(0);
        assertTrue(mail.isAutomated());
        DeliveryReport report = mail.deliveryStatus().orElseThrow();
        assertEquals("mx.example.org", report.reportingMta());
        assertEquals("<campaign-42.7@rapport.test>", report.originalMessageId());
        DeliveryReport.Recipient nobody = report.recipients().get(0);
        assertEquals("nobody@example.org", nobody.finalRecipient());
        assertEquals("failed", nobody.action());
        assertEquals("5.1.1", nobody.status());
        assertNotNull(nobody.diagnosticCode());
        assertTrue(nobody.diagnosticCode().contains("User unknown"), nobody.diagnosticCode());
        assertTrue(nobody.isPermanentFailure());
        assertTrue(mail.text().contains("could not be delivered"), mail.text());
        assertTrue(mail.attachments().isEmpty());
    }
}
