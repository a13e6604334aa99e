package org.rapportcrm.platform.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.mail.InvalidMailException;
import org.rapportcrm.platform.api.mail.MailStatus;
import org.rapportcrm.platform.api.mail.RenderedMail;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;

/** E-mail templates as administrators write them: checked when saved, filled from a record when sent. */
class TemplatesTest {
    private final MailFixture fixture = new MailFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private Record template(String name, String recordType, String subject, String html, String text) {
        Map<String, Object> v = new HashMap<>();
        v.put("name", name);
        v.put("recordType", recordType);
        v.put("subject", subject);
        v.put("htmlBody", html);
        v.put("textBody", text);
        return fixture.core.records.create(Actor.system(), MailTypes.TEMPLATE, v);
    }

    private List<FieldError> refusal(String recordType, String subject, String html, String text) {
        return assertThrows(ValidationException.class, () -> template("Bad", recordType, subject, html, text)).getErrors();
    }

    @Test
    void aTemplateIsFilledFromTheRecordItsOwnerAndTheSenderWithHtmlEscapedOnlyInTheHtmlBody() {
        Actor alice = fixture.core.user("alice", Set.of("sales"), Set.of());
        Record contact = fixture.core.records.create(alice, "contact", Map.of("firstName", "<Jörg> & Co", "lastName", "Tom's"));
        template("Welcome", "contact", "Hello {{ record.firstName }}!",
                "<p>Dear {{ record.firstName }} {{ record.lastName }},</p>{% if record.email is not empty %}<p>{{ record.email }}</p>{% endif %}<p>{{ owner.name }}</p>",
                "Dear {{ record.firstName }}, yours {{ sender.name }}");

        RenderedMail mail = fixture.mail.render("Welcome", contact, alice);

        assertEquals("Hello <Jörg> & Co!", mail.subject());
        assertEquals("<p>Dear &lt;Jörg&gt; &amp; Co Tom&#39;s,</p><p>alice</p>", mail.html());
        assertEquals("Dear <Jörg> & Co, yours alice", mail.text());
    }

    @Test
    void aContactsTemplateReachesItsAccountByTheReferenceFieldWithAFallbackWhenThereIsNone() {
        Record acme = fixture.core.records.create(Actor.system(), "account", Map.of("name", "Acme & Sons", "industry", "Retail"));
        Record jane = fixture.core.records.create(Actor.system(), "contact", Map.of("firstName", "Jane", "lastName", "Doe", "account", acme.getId()));
        Record solo = fixture.core.records.create(Actor.system(), "contact", Map.of("firstName", "Sam", "lastName", "Solo"));
        template("Account news", "contact", "News for {{ account.name | default('your team') }}",
                "<p>{{ record.firstName }} at {{ account.name | default('your team') }} ({{ account.industry | default('-') }})</p>", null);

        RenderedMail forJane = fixture.mail.render("Account news", jane, Actor.system());
        assertEquals("News for Acme & Sons", forJane.subject());
        assertEquals("<p>Jane at Acme &amp; Sons (Retail)</p>", forJane.html());
        assertEquals("News for your team", fixture.mail.render("Account news", solo, Actor.system()).subject());

        List<FieldError> unknown = refusal("contact", "Hi {{ account.shoeSize }}", "<p>x</p>", null);
        assertEquals("subject", unknown.get(0).field());
        assertTrue(unknown.get(0).message().contains("shoeSize"), unknown.get(0).message());
    }

    @Test
    void aTemplateNamingAnUnknownFieldOrVariableOrThatDoesNotParseIsRefusedWhenSavedNamingThePart() {
        List<FieldError> unknownField = refusal("contact", "Hi {{ record.nickname }}", "<p>x</p>", null);
        assertEquals("subject", unknownField.get(0).field());
        assertTrue(unknownField.get(0).message().contains("nickname"), unknownField.get(0).message());

        List<FieldError> unknownVariable = refusal("contact", "Hi", "<p>{{ manager.name }}</p>", null);
        assertEquals("htmlBody", unknownVariable.get(0).field());
        assertTrue(unknownVariable.get(0).message().contains("manager"), unknownVariable.get(0).message());

        List<FieldError> broken = refusal("contact", "Hi", null, "{% if record.lastName %}no end");
        assertEquals("textBody", broken.get(0).field());

        assertEquals("recordType", refusal("noSuchType", "Hi", null, "x").get(0).field());
        assertEquals("textBody", refusal("contact", "Hi", null, null).get(0).field());
    }

    @Test
    void sendingATemplateQueuesTheFilledMessageAboutTheRecord() {
        Record contact = fixture.core.records.create(Actor.system(), "contact", Map.of("lastName", "Doe", "email", "jane@example.org"));
        Record t = template("Reminder", "contact", "Reminder for {{ record.lastName }}", null, "Hello {{ record.lastName }}");

        String id = fixture.mail.sendTemplate(t.getId(), contact, Actor.system(), List.of("jane@example.org"));

        MailStatus status = fixture.mail.status(id).orElseThrow();
        assertEquals("Reminder for Doe", status.subject());
        assertEquals("contact", status.relatedType());
        assertEquals(contact.getId(), status.relatedId());
        assertEquals(MailStatus.State.QUEUED, status.state());
    }

    @Test
    void aTemplateWrittenForAnotherTypeOrMissingIsRefusedWhenFilled() {
        Record account = fixture.core.records.create(Actor.system(), "account", Map.of("name", "Acme"));
        template("For contacts", "contact", "Hi", null, "x");
        InvalidMailException wrongType = assertThrows(InvalidMailException.class, () -> fixture.mail.render("For contacts", account, Actor.system()));
        assertEquals("recordType", wrongType.field());
        assertThrows(RecordNotFoundException.class, () -> fixture.mail.render("No such template", account, Actor.system()));
    }

    @Test
    void anEmptyFieldIsFilledAsNothing() {
        Record contact = fixture.core.records.create(Actor.system(), "contact", Map.of("lastName", "Doe"));
        template("Plain", "contact", "For {{ record.firstName }}{{ record.lastName }}", null, "x{{ record.phone }}y");
        RenderedMail mail = fixture.mail.render("Plain", contact, Actor.system());
        assertEquals("For Doe", mail.subject());
        assertEquals("xy", mail.text());
        assertNull(mail.html());
    }
}
