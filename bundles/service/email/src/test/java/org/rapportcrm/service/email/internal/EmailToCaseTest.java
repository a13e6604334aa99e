package org.rapportcrm.service.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.mail.DeliveryReport;
import org.rapportcrm.platform.api.mail.IncomingAttachment;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.CaseMessages;
import org.rapportcrm.service.api.Cases;

/** Messages to a service mailbox as customers send them: new cases, replies that thread, machine mail, bounces, acknowledgements. */
class EmailToCaseTest {
    private final EmailFixture f = new EmailFixture();
    private final Record queue = f.create("queue", Map.of("name", "Support desk", "routing", "Manual"));
    private final Record ackTemplate = f.template("Case received", "We have your message, case {{ record.caseNumber }}", "Thank you!");
    private final Record mailbox = f.mailbox("support", "support@example.com",
            Map.of("queue", queue.getId(), "priority", "High", "acknowledgementTemplate", ackTemplate.getId()));

    private Record onlyCase() {
        List<Record> cases = f.cases();
        assertEquals(1, cases.size(), "one case");
        return cases.get(0);
    }

    @Test
    void aNewMessageOpensAnEmailCaseForANewContactInTheMailboxsQueue() {
        f.message("Jane Doe <jane@customer.example>", "Printer on fire", "It is really burning.\n").handle();

        Record c = onlyCase();
        assertEquals("Printer on fire", c.get("subject"));
        assertEquals("It is really burning.", c.get("description"));
        assertEquals(Cases.CHANNEL_EMAIL, c.get("channel"));
        assertEquals("High", c.get("priority"));
        assertEquals(queue.getId(), c.get("queue"));
        assertEquals(f.now(), c.get(Cases.OPENED_AT));
        Record contact = f.service.core.records.get(Actor.system(), "contact", (String) c.get("contact"));
        assertEquals("Jane", contact.get("firstName"));
        assertEquals("Doe", contact.get("lastName"));
        assertEquals("jane@customer.example", contact.get("email"));

        List<Record> thread = f.thread(c);
        assertEquals(List.of(CaseMessages.INBOUND, CaseMessages.OUTBOUND), thread.stream().map(m -> m.get(CaseMessages.DIRECTION)).toList());
        assertEquals("jane@customer.example", thread.get(0).get(CaseMessages.FROM));
        assertEquals(CaseMessages.ACKNOWLEDGEMENT, thread.get(1).get(CaseMessages.KIND));
    }

    @Test
    void theSendersContactIsFoundByAddressAndItsAccountComesWithIt() {
        Record account = f.create("account", Map.of("name", "Customer Ltd"));
        Record known = f.create("contact", Map.of("lastName", "Known", "email", "known@customer.example", "account", account.getId()));

        f.message("Somebody Else <known@customer.example>", "Question", "Hi").handle();

        Record c = onlyCase();
        assertEquals(known.getId(), c.get("contact"));
        assertEquals(account.getId(), c.get("account"));
        assertEquals(1, f.service.core.records.count(Actor.system(), "contact", null));
    }

    @Test
    void aMessageWithOnlyHtmlGetsItsTextAsTheDescription() {
        var m = f.message("html@customer.example", "Styled", null);
        m.html = "<p>Hello <b>there</b> &amp; welcome</p><p>Second&nbsp;line</p>";
        m.handle();
        assertEquals("Hello there & welcome\nSecond line", onlyCase().get("description"));
    }

    @Test
    void aMessageHandledTwiceMakesOneCase() {
        var m = f.message("jane@customer.example", "Twice", "Same message");
        m.handle();
        f.emailToCase.handle(m.mail());
        assertEquals(1, f.cases().size());
        assertEquals(2, f.thread(onlyCase()).size(), "the message and its acknowledgement, once each");
    }

    @Test
    void attachmentsAreStoredWithTheCase() {
        var m = f.message("jane@customer.example", "Screenshot", "See attached");
        m.attachments.add(new IncomingAttachment("error.txt", "text/plain", false, "Error 42".getBytes(StandardCharsets.UTF_8)));
        m.handle();
        Record c = onlyCase();
        var files = f.service.core.files.list(Actor.system(), "case", c.getId());
        assertEquals(List.of("error.txt"), files.stream().map(s -> s.name()).toList());
        assertEquals(files.get(0).id(), f.thread(c).get(0).get(CaseMessages.ATTACHMENTS));
    }

    @Test
    void aReplyThreadsIntoItsCaseByItsHeadersAndMovesACaseWaitingOnTheCustomerBackToOpen() {
        var first = f.message("jane@customer.example", "Login fails", "I cannot sign in").handle();
        Record c = onlyCase();
        f.service.update(c, Map.of("status", Cases.WAITING_ON_CUSTOMER));

        f.message("jane@customer.example", "Re: something else entirely", "Still failing").answering(first.messageId()).handle();

        Record after = onlyCase();
        assertEquals(Cases.OPEN, after.get("status"));
        assertNotNull(after.get(Cases.CUSTOMER_REPLIED_AT));
        assertEquals(3, f.thread(after).size());
    }

    @Test
    void aReplyToOurAcknowledgementThreadsByTheIdWeSent() {
        f.message("jane@customer.example", "Login fails", "I cannot sign in").handle();
        String ackId = (String) f.thread(onlyCase()).get(1).get(CaseMessages.MESSAGE_ID);
        f.message("jane@customer.example", "Re: We have your message", "More detail").answering(ackId).handle();
        assertEquals(3, f.thread(onlyCase()).size());
    }

    @Test
    void theCaseTokenInTheSubjectThreadsAReplyFromAParticipantButNotFromAStranger() {
        f.message("jane@customer.example", "Login fails", "I cannot sign in").handle();
        String number = (String) onlyCase().get("caseNumber");

        f.message("Jane <JANE@customer.example>", "Re: Login fails [" + number + "]", "headers lost by my client").handle();
        assertEquals(1, f.cases().size());

        f.message("mallory@elsewhere.example", "Re: Login fails [" + number + "]", "let me in").handle();
        assertEquals(2, f.cases().size(), "a stranger quoting the token opens a case of their own");
    }

    @Test
    void aReplyToAResolvedCaseReopensItAndToAClosedCaseOpensALinkedFollowUp() {
        var first = f.message("jane@customer.example", "Refund", "Where is my refund?").handle();
        Record c = onlyCase();
        f.service.update(c, Map.of("status", Cases.RESOLVED));
        f.message("jane@customer.example", "Re: Refund", "Not there yet").answering(first.messageId()).handle();
        assertEquals(Cases.OPEN, f.reload(c).get("status"));
        assertNull(f.reload(c).get("resolvedAt"));

        f.service.update(c, Map.of("status", Cases.CLOSED));
        var late = f.message("jane@customer.example", "Re: Refund", "Thanks, arrived. One more thing").answering(first.messageId()).handle();

        List<Record> cases = f.cases();
        assertEquals(2, cases.size());
        Record followUp = cases.get(1);
        assertEquals(Cases.CLOSED, f.reload(c).get("status"), "a closed case stays closed");
        assertEquals(c.get("contact"), followUp.get("contact"));
        assertEquals(late.messageId(), f.thread(followUp).get(0).get(CaseMessages.MESSAGE_ID));
        Record link = f.service.core.records.all(Actor.system(), Query.of("relatedCase").where(Filter.eq("case", followUp.getId()))).get(0);
        assertEquals(c.getId(), link.get("relatedCase"));
        assertEquals("Follow-up", link.get("relation"));
    }

    @Test
    void machineMailOpensNoCaseAndThreadedIntoOneChangesNothing() {
        f.message("robot@customer.example", "Out of office", "Away").header("Auto-Submitted", "auto-replied").handle();
        f.message("list@customer.example", "Newsletter", "News").header("List-Id", "<news.customer.example>").handle();
        f.message("bulk@customer.example", "Offer", "Buy").header("Precedence", "bulk").handle();
        assertEquals(0, f.cases().size());

        var first = f.message("jane@customer.example", "Help", "Please").handle();
        Record c = f.service.update(onlyCase(), Map.of("status", Cases.WAITING_ON_CUSTOMER));
        f.message("jane@customer.example", "Automatic reply: Help", "I am on holiday").answering(first.messageId())
                .header("Auto-Submitted", "auto-replied").handle();
        Record after = f.reload(c);
        assertEquals(Cases.WAITING_ON_CUSTOMER, after.get("status"), "an out-of-office reply is not the customer answering");
        assertEquals(CaseMessages.AUTOMATED, f.thread(after).get(2).get(CaseMessages.KIND));
    }

    @Test
    void mailFromOurOwnAddressesOpensNoCase() {
        f.message("Example Support <SUPPORT@example.com>", "Re: your case", "looped back").handle();
        assertEquals(0, f.cases().size());
        assertTrue(f.mail.queued.isEmpty());
    }

    @Test
    void aBounceOfACasesMessageIsKeptOnThatCaseAndOpensNothing() {
        f.message("jane@customer.example", "Help", "Please").handle();
        Record c = onlyCase();
        String ackId = (String) f.thread(c).get(1).get(CaseMessages.MESSAGE_ID);

        var bounce = f.message("MAILER-DAEMON@mx.customer.example", "Undelivered Mail Returned to Sender", "could not deliver");
        bounce.report = new DeliveryReport("dns; mx.customer.example", ackId,
                List.of(new DeliveryReport.Recipient("jane@customer.example", "failed", "5.1.1", "smtp; 550 User unknown")));
        bounce.handle();
        var stray = f.message("MAILER-DAEMON@mx.customer.example", "Undelivered Mail Returned to Sender", "not ours");
        stray.report = new DeliveryReport(null, "<campaign-1@rapport.test>", List.of());
        stray.handle();

        assertEquals(1, f.cases().size());
        Record kept = f.thread(c).get(2);
        assertEquals(CaseMessages.BOUNCE, kept.get(CaseMessages.KIND));
        assertEquals("failed 5.1.1 jane@customer.example: smtp; 550 User unknown", kept.get("deliveryStatus"));
        assertEquals(1, f.mail.queued.size(), "no acknowledgement of a bounce");
    }

    @Test
    void theAcknowledgementIsAutoSubmittedThreadedAndSentOncePerSenderInTheWindow() {
        var first = f.message("jane@customer.example", "One", "1").handle();
        f.message("jane@customer.example", "Two", "2").handle();
        f.message("noreply@customer.example", "Three", "3").handle();

        assertEquals(3, f.cases().size());
        assertEquals(1, f.mail.queued.size());
        OutgoingMail ack = f.mail.queued.get(0);
        assertEquals("auto-replied", ack.headers().get("Auto-Submitted"));
        assertEquals(first.messageId(), ack.headers().get("In-Reply-To"));
        String number = (String) f.cases().get(0).get("caseNumber");
        assertEquals("We have your message, case " + number + " [" + number + "]", ack.subject());
        assertEquals("support@example.com", ack.from().address());
        assertEquals("Example Support", ack.from().name());

        f.service.clock.set(f.now().plus(java.time.Duration.ofMinutes(61)));
        f.message("jane@customer.example", "Four", "4").handle();
        assertEquals(2, f.mail.queued.size(), "a new window, a new acknowledgement");
    }

    @Test
    void messagesToAMailboxThatIsNotAServiceMailboxOrInactiveAreLeftAlone() {
        var other = f.message("jane@customer.example", "For marketing", "x");
        other.mailbox = "bounces";
        other.handle();
        f.service.update(mailbox, Map.of("active", false));
        f.message("jane@customer.example", "Inactive", "x").handle();
        assertEquals(0, f.cases().size());
    }

    @Test
    void aServiceMailboxNeedsANameAMailboxConfigurationCanHaveAndATemplateForCases() {
        var e = assertThrows(ValidationException.class, () -> f.mailbox("support desk", "desk@example.com", Map.of()));
        assertEquals("name", e.getErrors().get(0).field());
        Record forContacts = f.create(EmailTypes.EMAIL_TEMPLATE, Map.of("name", "Hello contact", "subject", "Hi", "textBody", "x",
                "recordType", "contact"));
        var wrong = assertThrows(ValidationException.class,
                () -> f.mailbox("desk", "desk@example.com", Map.of("acknowledgementTemplate", forContacts.getId())));
        assertEquals("acknowledgementTemplate", wrong.getErrors().get(0).field());
    }
}
