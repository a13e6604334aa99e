package org.rapportcrm.service.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.CaseMessages;
import org.rapportcrm.service.api.Cases;

/** Agents answer customers from the case: threaded, tokened, timed as the first response, and only if they may. */
class CaseRepliesTest {
    private final EmailFixture f = new EmailFixture();
    private final Record mailbox = f.mailbox("support", "support@example.com", Map.of());
    private final Actor agent = f.service.core.user("agent", Set.of("service"), Set.of());

    private Record caseFromMail(String subject) {
        f.message("Jane Doe <jane@customer.example>", subject, "Please help").handle();
        return f.cases().get(f.cases().size() - 1);
    }

    @Test
    void aReplyGoesToTheContactFromTheMailboxThreadedWithTheTokenAndIsTheFirstResponse() {
        Record c = caseFromMail("Re: Fwd: Printer on fire");
        String customerMessage = (String) f.thread(c).get(0).get(CaseMessages.MESSAGE_ID);
        f.service.clock.set(f.now().plusSeconds(600));

        Record kept = f.replies.reply(agent, c.getId(), new CaseReplies.Reply("We are on it.", null, List.of("boss@customer.example"), List.of(),
                Cases.WAITING_ON_CUSTOMER));

        OutgoingMail sent = f.mail.queued.get(0);
        assertEquals("jane@customer.example", sent.to().get(0).address());
        assertEquals("Jane Doe", sent.to().get(0).name());
        assertEquals("support@example.com", sent.from().address());
        assertEquals("Re: Printer on fire [" + c.get("caseNumber") + "]", sent.subject());
        assertEquals(customerMessage, sent.headers().get("In-Reply-To"));
        assertEquals(customerMessage, sent.headers().get("References"));
        assertEquals("boss@customer.example", sent.cc().get(0).address());
        assertEquals("case", sent.relatedType());

        Record after = f.reload(c);
        assertEquals(f.now(), after.get("firstResponseAt"));
        assertEquals(Cases.WAITING_ON_CUSTOMER, after.get("status"));
        assertEquals(CaseMessages.OUTBOUND, kept.get(CaseMessages.DIRECTION));
        assertEquals("<sent1@rapport.test>", kept.get(CaseMessages.MESSAGE_ID));
        assertEquals("support", kept.get("mailbox"));
        assertEquals(agent.userId(), kept.get("sentBy"));
        // The thread tells only what was sent and received: an agent cannot write a message into it by hand.
        assertThrows(RecordException.class, () -> f.service.core.records.create(agent, CaseMessages.TYPE, Map.of(CaseMessages.CASE, c.getId(),
                CaseMessages.DIRECTION, CaseMessages.OUTBOUND, CaseMessages.TEXT, "Never sent")));

        // The customer's answer to the reply threads into the case and it is open again.
        f.message("jane@customer.example", "Re: Printer on fire", "Thanks").answering("<sent1@rapport.test>").handle();
        assertEquals(Cases.OPEN, f.reload(c).get("status"));
        assertEquals(1, f.cases().size());
    }

    @Test
    void aLaterReplyReferencesTheWholeThread() {
        Record c = caseFromMail("Question");
        f.replies.reply(agent, c.getId(), new CaseReplies.Reply("First answer", null, null, null, null));
        f.message("jane@customer.example", "Re: Question", "Follow-up question").answering("<sent1@rapport.test>").handle();
        String second = (String) f.thread(c).get(2).get(CaseMessages.MESSAGE_ID);

        f.replies.reply(agent, c.getId(), new CaseReplies.Reply("Second answer", null, null, null, null));

        OutgoingMail sent = f.mail.queued.get(1);
        assertEquals(second, sent.headers().get("In-Reply-To"));
        List<String> refs = List.of(sent.headers().get("References").split(" "));
        assertEquals(3, refs.size());
        assertEquals(second, refs.get(2));
        assertEquals(2L, ((Number) f.reload(c).get("responseCount")).longValue());
    }

    @Test
    void aSalesUserCannotReplyAndNothingIsSentOrKept() {
        Record c = caseFromMail("Sales may look");
        Actor sales = f.service.core.user("seller", Set.of("sales"), Set.of());
        assertThrows(RecordException.class, () -> f.replies.reply(sales, c.getId(), new CaseReplies.Reply("Hi", null, null, null, null)));
        assertTrue(f.mail.queued.isEmpty());
        assertEquals(1, f.thread(c).size());
        assertThrows(RecordException.class, () -> f.service.core.records.get(sales, CaseMessages.TYPE, f.thread(c).get(0).getId()),
                "sales does not read the customer's e-mails");
    }

    @Test
    void badRepliesAreRefusedNamingTheField() {
        Record c = caseFromMail("Bad input");
        assertEquals("text", field(() -> f.replies.reply(agent, c.getId(), new CaseReplies.Reply(" ", null, null, null, null))));
        assertEquals("status", field(() -> f.replies.reply(agent, c.getId(), new CaseReplies.Reply("x", null, null, null, "Sleeping"))));
        assertEquals("cc", field(() -> f.replies.reply(agent, c.getId(), new CaseReplies.Reply("x", null, List.of("not an address"), null, null))));
        assertEquals("attachments", field(() -> f.replies.reply(agent, c.getId(),
                new CaseReplies.Reply("x", null, null, List.of("00000000-0000-0000-0000-000000000000"), null))));
        Record phoneCase = f.create("case", Map.of("subject", "By phone", "contact", f.create("contact", Map.of("lastName", "NoMail")).getId()));
        assertEquals("contact", field(() -> f.replies.reply(agent, phoneCase.getId(), new CaseReplies.Reply("x", null, null, null, null))));
        assertTrue(f.mail.queued.isEmpty());
        assertEquals(null, f.reload(c).get("firstResponseAt"), "nothing half-written");
    }

    @Test
    void aMacroIsItsTemplateFilledForTheCaseWithTheStatusItSuggests() {
        Record c = caseFromMail("Password");
        Record template = f.template("Reset", "Reset", "Use the reset link for {{ record.caseNumber }}.");
        Record macro = f.create(EmailTypes.MACRO, Map.of("name", "Password reset", "template", template.getId(), "statusAfter", Cases.WAITING_ON_CUSTOMER));
        Map<String, Object> draft = f.replies.draft(agent, c.getId(), macro.getId());
        assertEquals("Use the reset link for " + c.get("caseNumber") + ".", draft.get("text"));
        assertEquals(Cases.WAITING_ON_CUSTOMER, draft.get("status"));
    }

    private static String field(Runnable r) {
        return assertThrows(ValidationException.class, r::run).getErrors().get(0).field();
    }
}
