package org.rapportcrm.service.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.CaseMessages;
import org.rapportcrm.service.api.Cases;
import org.rapportcrm.service.email.internal.demo.EmailDemoGenerator;

/** The demo's mailbox, macros and threads, which then behave as real ones: a customer's reply threads into its case. */
class EmailDemoGeneratorTest {
    private final EmailFixture f = new EmailFixture();

    @Test
    void theDemoThreadsEveryEmailCaseAtOneHundredPerCentAndRepliesThreadIntoThem() {
        Record contact = f.create("contact", Map.of("firstName", "Dora", "lastName", "Demo", "email", "dora@demo.example"));
        Record answered = f.create(Cases.TYPE, Map.of("subject", "Export fails", "channel", Cases.CHANNEL_EMAIL, "contact", contact.getId()));
        f.service.update(answered, Map.of(Cases.LAST_RESPONSE_AT, f.now().plusSeconds(3600)));
        Record waiting = f.create(Cases.TYPE, Map.of("subject", "Invoice wrong", "channel", Cases.CHANNEL_EMAIL, "contact", contact.getId()));
        f.create(Cases.TYPE, Map.of("subject", "By phone", "channel", "Phone", "contact", contact.getId()));

        int written = new EmailDemoGenerator(f.service.core.records, f.service.clock).generate(100, 42);

        assertEquals(2, f.service.core.records.count(Actor.system(), EmailTypes.MACRO, null));
        assertTrue(f.mailboxes.active("support").isPresent());
        assertTrue(f.thread(answered).size() >= 3, "message, acknowledgement and the agent's reply");
        assertEquals(2, f.thread(waiting).size());
        assertEquals(written - 6, f.service.core.records.count(Actor.system(), CaseMessages.TYPE, null));

        String ours = (String) f.thread(waiting).get(1).get(CaseMessages.MESSAGE_ID);
        var reply = f.message("dora@demo.example", "Re: Invoice wrong", "Any news?").answering(ours);
        reply.handle();
        assertEquals(3, f.thread(waiting).size());
    }
}
