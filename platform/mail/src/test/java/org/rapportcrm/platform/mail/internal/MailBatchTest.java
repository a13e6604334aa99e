package org.rapportcrm.platform.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rapportcrm.platform.api.mail.MailStatus;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.mail.RenderedMail;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Bulk mail: many messages queued at once with batched inserts and sent by one task per batch over one connection,
 * with the same guarantees as single sends (at most once for bulk mail, retries of what the server did not take),
 * and a template filled for many records with one lookup of each thing they share.
 */
class MailBatchTest {
    @RegisterExtension
    static final GreenMailExtension SERVER = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP)).withPerMethodLifecycle(true);

    private final MailFixture fixture = new MailFixture(database());

    /** The database the test runs on: in-memory Derby here. */
    DataSource database() {
        return null;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static List<OutgoingMail> news(int n) {
        List<OutgoingMail> mails = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            mails.add(OutgoingMail.builder().to("reader" + i + "@example.org").subject("News " + i).text("Issue " + i)
                    .header("List-Unsubscribe", "<mailto:unsubscribe+" + i + "@example.org>").envelopeFrom("bounce+" + i + "@example.org")
                    .atMostOnce().build());
        }
        return mails;
    }

    private Record queued(String messageId) {
        return fixture.core.records.query(Actor.system(), Query.of(MailTypes.MESSAGE).where(Filter.eq("messageId", messageId))).items().get(0);
    }

    @Test
    void messagesQueuedTogetherAreSentByOneTaskPerHundredEachArrivingOnceAsItWasMeant() throws Exception {
        fixture.configure(MailFixture.smtp(SERVER.getSmtp().getPort()));
        List<String> ids = fixture.mail.sendAll(news(150));

        assertEquals(150, new HashSet<>(ids).size());
        assertEquals(MailStatus.State.QUEUED, fixture.mail.status(ids.get(149)).orElseThrow().state());
        assertEquals(2, fixture.tasks.waiting(MailServiceImpl.SEND_BATCH), "150 messages: two batches");
        assertEquals(0, fixture.tasks.waiting(MailServiceImpl.SEND));
        assertEquals(0, SERVER.getReceivedMessages().length, "nothing is sent on the caller's thread");

        List<TaskOutcome> outcomes = fixture.tasks.runOnce(fixture.sendBatch);

        assertTrue(outcomes.stream().allMatch(o -> o.kind() == TaskOutcome.Kind.DONE), outcomes.toString());
        assertTrue(SERVER.waitForIncomingEmail(5000, 150));
        MimeMessage[] received = SERVER.getReceivedMessages();
        assertEquals(150, received.length);
        Set<String> arrived = new HashSet<>();
        for (MimeMessage m : received) {
            arrived.add(m.getMessageID());
            int i = Integer.parseInt(m.getSubject().substring("News ".length()));
            assertEquals("reader" + i + "@example.org", m.getAllRecipients()[0].toString());
            assertEquals("<mailto:unsubscribe+" + i + "@example.org>", m.getHeader("List-Unsubscribe", null));
        }
        assertEquals(Set.copyOf(ids), arrived);
        MailStatus status = fixture.mail.status(ids.get(0)).orElseThrow();
        assertEquals(MailStatus.State.SENT, status.state());
        assertEquals(1, status.attempts());
        assertTrue(fixture.tasks.runOnce(fixture.sendBatch).isEmpty(), "nothing left to run");
    }

    @Test
    void aBatchWithAMessageTheQueueRefusesIsQueuedNotAtAll() {
        List<OutgoingMail> mails = new ArrayList<>(news(3));
        // About a record by an id longer than any record's: the queue's row refuses it.
        mails.add(OutgoingMail.builder().to("odd@example.org").subject("Odd").text("x").about("contact", "x".repeat(40)).build());

        assertThrows(ValidationException.class, () -> fixture.mail.sendAll(mails));

        assertEquals(0, fixture.core.records.count(Actor.system(), MailTypes.MESSAGE, null));
        assertEquals(0, fixture.tasks.waiting(MailServiceImpl.SEND_BATCH));
        assertEquals(List.of(), fixture.mail.sendAll(List.of()));
    }

    @Test
    void aMessageOfABatchThatADeadNodeLeftInDoubtIsNotSentAgainButTheRestOfTheBatchIs() throws Exception {
        fixture.configure(MailFixture.smtp(SERVER.getSmtp().getPort()));
        List<String> ids = fixture.mail.sendAll(news(3));
        // A node noted it was handing the first to the server, and died before it could note the answer.
        Record first = queued(ids.get(0));
        fixture.core.records.update(Actor.system(), MailTypes.MESSAGE, first.getId(), first.getVersion(), Map.of("attempts", 1, "lastReply", MailServiceImpl.IN_DOUBT));

        assertEquals(TaskOutcome.Kind.DONE, fixture.tasks.runOnce(fixture.sendBatch).get(0).kind()); // the rerun on another node

        assertTrue(SERVER.waitForIncomingEmail(5000, 2));
        assertEquals(2, SERVER.getReceivedMessages().length, "the one in doubt is not sent again");
        MailStatus inDoubt = fixture.mail.status(ids.get(0)).orElseThrow();
        assertEquals(MailStatus.State.FAILED, inDoubt.state());
        assertTrue(inDoubt.lastReply().startsWith("In doubt"), inDoubt.lastReply());
        assertEquals(MailStatus.State.SENT, fixture.mail.status(ids.get(2)).orElseThrow().state());
    }

    @Test
    void aMessageTheServerDoesNotTakeIsRetriedOnItsOwnAndTheRestOfItsBatchWaitsUntouched() throws Exception {
        int port = SERVER.getSmtp().getPort();
        fixture.configure(MailFixture.smtp(port));
        SERVER.stop();
        List<String> ids = fixture.mail.sendAll(news(8));

        TaskOutcome first = fixture.tasks.runOnce(fixture.sendBatch).get(0);

        assertEquals(TaskOutcome.Kind.RUN_AGAIN, first.kind(), "the batch goes on later");
        List<String> tried = ids.stream().filter(id -> fixture.mail.status(id).orElseThrow().attempts() > 0).toList();
        assertEquals(1, tried.size(), "the batch stops at the first the server does not take: " + tried);
        MailStatus failed = fixture.mail.status(tried.get(0)).orElseThrow();
        assertEquals(MailStatus.State.QUEUED, failed.state());
        assertEquals(1, failed.attempts());
        assertTrue(failed.lastReply() != null && !failed.lastReply().equals(MailServiceImpl.IN_DOUBT), failed.lastReply());
        assertEquals(1, fixture.tasks.waiting(MailServiceImpl.SEND), "it is retried on its own");
        for (String id : ids) {
            MailStatus untouched = fixture.mail.status(id).orElseThrow();
            assertEquals(MailStatus.State.QUEUED, untouched.state());
            if (!tried.contains(id)) {
                assertNull(untouched.lastReply(), "not left in doubt: " + id);
            }
        }

        SERVER.start();
        fixture.configure(MailFixture.smtp(SERVER.getSmtp().getPort()));
        fixture.tasks.runOnce(fixture.sendBatch);
        fixture.tasks.runOnce(fixture.send);

        assertTrue(SERVER.waitForIncomingEmail(5000, 8));
        assertEquals(8, SERVER.getReceivedMessages().length, "each once");
        assertEquals(2, fixture.mail.status(tried.get(0)).orElseThrow().attempts());
        assertTrue(ids.stream().allMatch(id -> fixture.mail.status(id).orElseThrow().state() == MailStatus.State.SENT));
    }

    @Test
    void aQueuedBatchIsResumedAsOneTaskOnceMailIsConfigured() throws Exception {
        List<String> ids = fixture.mail.sendAll(news(3));
        fixture.tasks.runOnce(fixture.sendBatch); // not configured: waits
        fixture.tasks.cancel(MailServiceImpl.SEND_BATCH, queued(ids.get(0)).get("batch").toString()); // as if lost

        fixture.configure(MailFixture.smtp(SERVER.getSmtp().getPort()));
        assertEquals(3, fixture.mail.resumeQueued());

        assertEquals(1, fixture.tasks.waiting(MailServiceImpl.SEND_BATCH));
        assertEquals(0, fixture.tasks.waiting(MailServiceImpl.SEND));
        fixture.tasks.runOnce(fixture.sendBatch);
        assertTrue(SERVER.waitForIncomingEmail(5000, 3));
    }

    @Test
    void aTemplateFilledForManyRecordsGivesWhatItGivesForEachAlone() {
        Record acme = fixture.core.records.create(Actor.system(), "account", Map.of("name", "Acme & Sons"));
        Actor alice = fixture.core.user("alice", Set.of("sales"), Set.of());
        List<Record> contacts = List.of(
                fixture.core.records.create(alice, "contact", Map.of("firstName", "Jane", "lastName", "Doe", "account", acme.getId())),
                fixture.core.records.create(Actor.system(), "contact", Map.of("lastName", "Roe")),
                fixture.core.records.create(alice, "contact", Map.of("firstName", "Joe", "lastName", "Bloggs", "account", acme.getId())));
        fixture.core.records.create(Actor.system(), MailTypes.TEMPLATE, Map.of("name", "News", "recordType", "contact",
                "subject", "News for {{ record.firstName | default('you') }} at {{ account.name | default('home') }}",
                "htmlBody", "<p>{{ record.lastName }}, from {{ owner.name | default('us') }} and {{ sender.name | default('-') }}</p>"));

        List<RenderedMail> all = fixture.mail.renderAll("News", contacts, Actor.system());

        assertEquals(contacts.stream().map(c -> fixture.mail.render("News", c, Actor.system())).toList(), all);
        assertEquals("News for Jane at Acme & Sons", all.get(0).subject());
        assertEquals("News for you at home", all.get(1).subject());
        assertEquals("<p>Bloggs, from alice and -</p>", all.get(2).html());
    }
}
