package org.rapportcrm.service.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.NewUser;
import org.rapportcrm.service.api.CaseMessages;
import org.rapportcrm.service.api.Cases;

/** Customer and service team hold one conversation on a case: portal messages and e-mails in the same thread. */
class CustomerMessagesTest {
    private final EmailFixture f = new EmailFixture();
    private final Record mailbox = f.mailbox("support", "support@example.com", Map.of());
    private final Actor agent = f.service.core.user("agent", Set.of("service"), Set.of());
    private final CustomerMessages messages;

    CustomerMessagesTest() {
        f.service.core.policy.addSharingRule(new CustomerMessages.SharedThread());
        messages = new CustomerMessages(f.service.core.records, f.service.core.policy, f.service.core.users, f.service.core.files, f.service.clock);
    }

    private Record caseFromMail(String from, String subject) {
        f.message(from, subject, "Please help").handle();
        return f.cases().get(f.cases().size() - 1);
    }

    private Actor customerOf(Record theCase, String email, Set<String> roles) {
        f.service.core.users.createUser(Actor.system(), new NewUser(email, "Jane Doe", email, "password-of-jane", roles, Set.of(),
                (String) theCase.get("account")));
        return f.service.core.users.authenticate(email, "password-of-jane").orElseThrow();
    }

    private Record withAccount(Record theCase, String accountName) {
        Record account = f.create("account", Map.of("name", accountName));
        f.service.core.records.update(Actor.system(), "contact", (String) theCase.get("contact"),
                f.service.core.records.get(Actor.system(), "contact", (String) theCase.get("contact")).getVersion(), Map.of("account", account.getId()));
        Record reloaded = f.reload(theCase);
        return f.service.core.records.update(Actor.system(), Cases.TYPE, theCase.getId(), reloaded.getVersion(), Map.of("account", account.getId()));
    }

    @Test
    void aCustomersPortalMessageJoinsTheEmailThreadCountsAsTheirReplyAndTheAgentsAnswerReferencesIt() {
        Record c = withAccount(caseFromMail("Jane Doe <jane@customer.example>", "Printer on fire"), "Customer Ltd");
        f.replies.reply(agent, c.getId(), new CaseReplies.Reply("Did you try water?", null, null, null, Cases.WAITING_ON_CUSTOMER));
        Actor jane = customerOf(c, "jane@customer.example", Set.of("portal"));
        f.service.clock.set(f.now().plusSeconds(300));

        Record written = messages.post(jane, c.getId(), "Yes, it is still burning.");

        assertEquals(CaseMessages.INBOUND, written.get(CaseMessages.DIRECTION));
        assertEquals(CaseMessages.MESSAGE, written.get(CaseMessages.KIND));
        assertEquals("jane@customer.example", written.get(CaseMessages.FROM));
        assertEquals("Re: Printer on fire [" + c.get("caseNumber") + "]", written.get(CaseMessages.SUBJECT));
        Record after = f.reload(c);
        assertEquals(Cases.OPEN, after.get("status"), "waiting on the customer no more");
        assertEquals(f.now(), after.get(Cases.CUSTOMER_REPLIED_AT));

        List<String> thread = f.thread(c).stream().map(m -> (String) m.get(CaseMessages.TEXT)).toList();
        assertEquals(List.of("Please help", "Did you try water?", "Yes, it is still burning."), thread);
        List<String> customerSees = f.service.core.records.query(jane, Query.of(CaseMessages.TYPE)
                .where(Filter.eq(CaseMessages.CASE, c.getId())).sortBy("createdAt", false)).items().stream()
                .map(m -> (String) m.get(CaseMessages.TEXT)).toList();
        assertEquals(thread, customerSees, "the customer reads the whole conversation");

        f.replies.reply(agent, c.getId(), new CaseReplies.Reply("The fire brigade is on its way.", null, null, null, null));
        OutgoingMail answer = f.mail.queued.get(f.mail.queued.size() - 1);
        assertEquals(written.get(CaseMessages.MESSAGE_ID), answer.headers().get("In-Reply-To"));
    }

    @Test
    void aCustomerWritesOnlyOnTheirAccountsOpenCasesAndStaffUseTheReplyAction() {
        Record mine = withAccount(caseFromMail("jane@customer.example", "Mine"), "Customer Ltd");
        Record theirs = withAccount(caseFromMail("joe@other.example", "Theirs"), "Other Ltd");
        Actor jane = customerOf(mine, "jane@customer.example", Set.of("portal"));

        assertThrows(RecordNotFoundException.class, () -> messages.post(jane, theirs.getId(), "Let me in"));
        assertEquals(1, f.thread(theirs).size());
        assertEquals("text", assertThrows(ValidationException.class, () -> messages.post(jane, mine.getId(), "  ")).getErrors().get(0).field());
        assertThrows(AccessDeniedException.class, () -> messages.post(agent, mine.getId(), "Pretending to be the customer"));

        Record closed = f.service.core.records.update(Actor.system(), Cases.TYPE, mine.getId(), f.reload(mine).getVersion(), Map.of("status", Cases.CLOSED));
        ValidationException refused = assertThrows(ValidationException.class, () -> messages.post(jane, closed.getId(), "Hello?"));
        assertEquals("status", refused.getErrors().get(0).field());
        assertTrue(f.thread(mine).stream().noneMatch(m -> "Hello?".equals(m.get(CaseMessages.TEXT))));

        Actor readOnly = customerOf(theirs, "joe@other.example", Set.of("read-only"));
        assertThrows(AccessDeniedException.class, () -> messages.post(readOnly, theirs.getId(), "I may only read"));
    }
}
