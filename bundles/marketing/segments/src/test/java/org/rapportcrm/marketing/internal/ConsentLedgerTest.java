package org.rapportcrm.marketing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.marketing.api.Consents.ConsentRequest;
import org.rapportcrm.marketing.api.Consents.ConsentState;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;

class ConsentLedgerTest {
    private final MarketingFixture m = new MarketingFixture();
    private final Record newsletter = m.create("consentPurpose", Map.of("name", "Newsletter", "consentText", "Send me the monthly newsletter"));
    private final Record anna = m.contact("Anna", "Germany", null);
    private final Record bob = m.contact("Bob", "France", null);
    private final Record carl = m.contact("Carl", "Italy", null);

    @AfterEach
    void close() {
        m.close();
    }

    private void record(Record contact, boolean given) {
        m.consents.record(Actor.system(), new ConsentRequest(contact.getId(), newsletter.getId(), "Email", given, "Phone call", null));
    }

    @Test
    void theLatestAnswerCountsAndEveryAnswerStaysInTheLedger() {
        record(anna, true);
        record(anna, false);
        record(anna, true);
        List<ConsentState> current = m.consents.current(Actor.system(), anna.getId());
        assertEquals(1, current.size());
        assertTrue(current.get(0).given());
        List<Record> ledger = m.core.records.all(Actor.system(), Query.of("consentEntry"));
        assertEquals(3, ledger.size());
        assertTrue(ledger.stream().allMatch(r -> "Send me the monthly newsletter".equals(r.get("shownText"))), "the purpose's text is kept as shown");
    }

    @Test
    void aSendAsksInBulkWhoMayBeContactedForAPurposeOnAChannel() {
        record(anna, true);
        record(bob, true);
        record(bob, false);
        m.consents.record(Actor.system(), new ConsentRequest(carl.getId(), newsletter.getId(), "SMS", true, "Form", null));
        assertEquals(Set.of(anna.getId()), m.consents.allowed(newsletter.getId(), "Email", List.of(anna.getId(), bob.getId(), carl.getId())));
        assertEquals(Set.of(carl.getId()), m.consents.allowed(newsletter.getId(), "SMS", List.of(anna.getId(), bob.getId(), carl.getId())));
    }

    @Test
    void aDoubleOptInCountsOnlyOnceConfirmedAndEachConfirmationWorksOnce() {
        String pending = m.consents.requestConfirmation(anna.getId(), newsletter.getId(), "Email", "Web form", "Yes, send me news");
        assertEquals(Set.of(), m.consents.allowed(newsletter.getId(), "Email", List.of(anna.getId())), "pending does not count");
        assertNotNull(m.consents.confirm(pending));
        assertEquals(Set.of(anna.getId()), m.consents.allowed(newsletter.getId(), "Email", List.of(anna.getId())));
        assertNull(m.consents.confirm(pending), "a confirmation link works once");
        assertEquals(2, m.core.records.all(Actor.system(), Query.of("consentEntry")).size());
    }

    @Test
    void aSignUpMailsASignedLinkThatConfirmsTheConsentOnce() {
        List<org.rapportcrm.platform.api.mail.OutgoingMail> sent = new java.util.ArrayList<>();
        ConsentLinks links = new ConsentLinks("https://crm.example.com", java.time.Duration.ofDays(30), new byte[] {1, 2, 3}, java.time.Clock.systemUTC());
        org.rapportcrm.platform.api.mail.MailService mail = (org.rapportcrm.platform.api.mail.MailService) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {org.rapportcrm.platform.api.mail.MailService.class}, (proxy, method, args) -> {
                    sent.add((org.rapportcrm.platform.api.mail.OutgoingMail) args[0]);
                    return "message-1";
                });
        DoubleOptIn signUps = new DoubleOptIn(m.core.records, m.consents, links, mail);
        String pending = signUps.requestConfirmation(anna.getId(), newsletter.getId(), "Email", "Web form: newsletter", null);
        assertEquals(1, sent.size());
        String text = sent.get(0).text();
        String token = text.replaceAll("(?s).*confirm\\?token=(\\S+).*", "$1");
        assertEquals(pending, links.verify(ConsentLinks.CONFIRM, token));
        assertTrue(text.contains("https://crm.example.com/api/v1/consents/preferences?token="), text);
        assertEquals(Set.of(), m.consents.allowed(newsletter.getId(), "Email", List.of(anna.getId())));
        assertNotNull(m.consents.confirm(links.verify(ConsentLinks.CONFIRM, token)));
        assertEquals(Set.of(anna.getId()), m.consents.allowed(newsletter.getId(), "Email", List.of(anna.getId())));

        Record noEmail = m.create("contact", Map.of("lastName", "Silent"));
        ValidationException refused = assertThrows(ValidationException.class,
                () -> signUps.requestConfirmation(noEmail.getId(), newsletter.getId(), "Email", "Web form", null));
        assertEquals("contactId", refused.getErrors().get(0).field());
    }

    @Test
    void theRecipientsPreferenceCentreShowsAndChangesEachPurpose() {
        Record productNews = m.create("consentPurpose", Map.of("name", "Product news"));
        record(anna, true);
        m.consents.recordForRecipient(anna.getId(), productNews.getId(), "Email", false);
        List<Map<String, Object>> preferences = m.consents.preferences(anna.getId());
        assertEquals(2, preferences.size());
        Map<String, Object> byName = new java.util.HashMap<>();
        preferences.forEach(p -> byName.put((String) p.get("name"), ((Map<?, ?>) p.get("channels")).get("Email")));
        assertEquals(true, byName.get("Newsletter"));
        assertEquals(false, byName.get("Product news"));
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndOnlyThoseWhoMayChangeContactsRecordConsents() {
        ValidationException channel = assertThrows(ValidationException.class,
                () -> m.consents.record(Actor.system(), new ConsentRequest(anna.getId(), newsletter.getId(), "Pigeon", true, null, null)));
        assertEquals("channel", channel.getErrors().get(0).field());
        ValidationException purpose = assertThrows(ValidationException.class,
                () -> m.consents.record(Actor.system(), new ConsentRequest(anna.getId(), "no-such-purpose", "Email", true, null, null)));
        assertEquals("purposeId", purpose.getErrors().get(0).field());

        Actor reader = m.core.user("reader", Set.of("read-only"), Set.of());
        assertThrows(AccessDeniedException.class,
                () -> m.consents.record(reader, new ConsentRequest(anna.getId(), newsletter.getId(), "Email", true, null, null)));
        Actor marketer = m.core.user("marketer", Set.of("marketing"), Set.of());
        m.consents.record(marketer, new ConsentRequest(anna.getId(), newsletter.getId(), "Email", true, "Trade fair", null));
        assertEquals(1, m.core.records.all(Actor.system(), Query.of("consentEntry")).size());
    }
}
