package org.rapportcrm.platform.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.automation.AutomationContext;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.mail.InvalidMailException;
import org.rapportcrm.platform.api.mail.MailStatus;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.AutomationContexts;

/** The rule action "send an e-mail from a template": to a field's address, the record's owner, or a fixed address. */
class SendTemplateActionTest {
    private final MailFixture fixture = new MailFixture();
    private final SendTemplateAction action = new SendTemplateAction(fixture.mail, fixture.core.users);

    @AfterEach
    void close() {
        fixture.close();
    }

    private AutomationContext firing(Record record, String recipient) {
        return AutomationContexts.of(new RecordChange(RecordEvents.CREATED, record, "system", Set.of()),
                Map.of("template", "Welcome", "recipient", recipient), Actor.system(), "Welcome new contacts");
    }

    @Test
    void aRuleSendsTheTemplateToAFieldsAddressTheOwnerOrAFixedAddress() throws Exception {
        Map<String, Object> t = new HashMap<>();
        t.put("name", "Welcome");
        t.put("recordType", "contact");
        t.put("subject", "Welcome {{ record.lastName }}");
        t.put("textBody", "Hello");
        fixture.core.records.create(Actor.system(), MailTypes.TEMPLATE, t);
        Actor alice = fixture.core.user("alice", Set.of("sales"), Set.of());
        Record contact = fixture.core.records.create(alice, "contact", Map.of("lastName", "Doe", "email", "jane@example.org"));

        assertTrue(action.describe(firing(contact, "email")).contains("jane@example.org"));
        action.execute(firing(contact, "email"));
        action.execute(firing(contact, "owner"));
        action.execute(firing(contact, "boss@example.org"));

        List<String> to = fixture.mail.messagesAbout(Actor.system(), "contact", contact.getId()).stream()
                .map(m -> m.to().get(0)).sorted().toList();
        assertEquals(List.of("alice@example.com", "boss@example.org", "jane@example.org"), to);
        assertTrue(fixture.mail.messagesAbout(Actor.system(), "contact", contact.getId()).stream()
                .allMatch(m -> m.subject().equals("Welcome Doe") && m.state() == MailStatus.State.QUEUED));
    }

    @Test
    void aRecordWithoutAnAddressInTheNamedFieldIsRefusedNamingTheRecipient() {
        Record contact = fixture.core.records.create(Actor.system(), "contact", Map.of("lastName", "Nomail"));
        assertEquals("recipient", assertThrows(InvalidMailException.class, () -> action.execute(firing(contact, "email"))).field());
    }
}
