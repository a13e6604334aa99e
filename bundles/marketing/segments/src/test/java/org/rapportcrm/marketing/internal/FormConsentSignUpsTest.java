package org.rapportcrm.marketing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;

/** A web form's ticked consent checkbox becomes a pending consent of the person and a double opt-in e-mail. */
class FormConsentSignUpsTest {
    /** The sales capability's lead and web-form submission, as far as marketing reads them (marketing runs without sales). */
    static final RecordTypeProvider SALES_STAND_IN = () -> List.of(
            new RecordType("lead", "leads", "Lead", "Leads", "lastName", List.of(builder("lastName", FieldType.TEXT).label("Last name").build())),
            new RecordType(FormConsentSignUps.SUBMISSION, "webFormSubmissions", "Web form submission", "Web form submissions", "summary", List.of(
                    builder("summary", FieldType.TEXT).label("Submission").build(),
                    builder("lead", FieldType.REFERENCE).label("Lead").referenceTo("lead").build(),
                    builder("webForm", FieldType.TEXT).label("Web form").build(),
                    builder("email", FieldType.EMAIL).label("Email").build(),
                    builder("firstName", FieldType.TEXT).label("First name").build(),
                    builder("lastName", FieldType.TEXT).label("Last name").build(),
                    builder("consents", FieldType.LONG_TEXT).label("Consents").build(),
                    builder("contact", FieldType.REFERENCE).label("Contact").referenceTo("contact").build(),
                    builder("submittedAt", FieldType.DATE_TIME).label("Submitted").build())));

    private final MarketingFixture m = new MarketingFixture();
    private final List<OutgoingMail> sent = new ArrayList<>();
    private final ConsentLinks links = new ConsentLinks("https://crm.example.com", Duration.ofDays(30), new byte[] {4, 2}, Clock.systemUTC());
    private final FormConsentSignUps signUps;
    private final Record newsletter = m.create("consentPurpose", Map.of("name", "Newsletter", "consentText", "The monthly newsletter"));
    private final Actor rep = m.core.user("rep", Set.of("sales"), Set.of());

    {
        m.core.metadata.addProvider(SALES_STAND_IN);
        MailService mail = (MailService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MailService.class},
                (proxy, method, args) -> {
                    sent.add((OutgoingMail) args[0]);
                    return "mail-" + sent.size();
                });
        signUps = new FormConsentSignUps(m.core.records, new DoubleOptIn(m.core.records, m.consents, links, mail));
    }

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void aTickedCheckboxOfANewPersonMakesTheContactAPendingConsentWithTheTextShownAndAConfirmationMail() {
        Record submission = submission(null, "[{\"field\":\"news\",\"purpose\":\"Newsletter\",\"label\":\"Send me the newsletter\",\"required\":true,\"ticked\":true},"
                + "{\"field\":\"events\",\"purpose\":\"Events\",\"label\":null,\"required\":false,\"ticked\":false}]");

        signUps.consume(List.of(created(submission)));

        String contactId = (String) m.core.records.get(Actor.system(), FormConsentSignUps.SUBMISSION, submission.getId()).get("contact");
        assertNotNull(contactId, "the submission now names the person");
        Record contact = m.core.records.get(Actor.system(), "contact", contactId);
        assertEquals(List.of("Hana", "Ito", "ito@kaze.example", rep.userId()),
                List.of(contact.get("firstName"), contact.get("lastName"), contact.get("email"), contact.getOwner()), "made from the form, owned as the lead");
        List<Record> ledger = m.core.records.all(Actor.system(), Query.of("consentEntry"));
        assertEquals(1, ledger.size());
        Record pending = ledger.get(0);
        assertEquals(List.of(contactId, newsletter.getId(), "Email", "Pending", "Send me the newsletter",
                "Web form sign-up (submission " + submission.getId() + ")"),
                List.of(pending.get("contact"), pending.get("purpose"), pending.get("channel"), pending.get("status"), pending.get("shownText"),
                        pending.get("source")));
        assertEquals(1, sent.size());
        String token = sent.get(0).text().replaceAll("(?s).*confirm\\?token=(\\S+).*", "$1");
        assertEquals(Set.of(), m.consents.allowed(newsletter.getId(), "Email", List.of(contactId)), "pending does not count");
        assertNotNull(m.consents.confirm(links.verify(ConsentLinks.CONFIRM, token)));
        assertEquals(Set.of(contactId), m.consents.allowed(newsletter.getId(), "Email", List.of(contactId)));
    }

    @Test
    void aSubmissionHandledTwiceAsksOnceAndAnAddressKnownAlreadyIsThatContact() {
        Record ito = m.create("contact", Map.of("lastName", "Ito", "email", "ito@kaze.example"));
        Record submission = submission(null, "[{\"field\":\"news\",\"purpose\":\"" + newsletter.getId() + "\",\"ticked\":true}]");

        signUps.consume(List.of(created(submission)));
        signUps.consume(List.of(created(submission)));

        assertEquals(ito.getId(), m.core.records.get(Actor.system(), FormConsentSignUps.SUBMISSION, submission.getId()).get("contact"));
        assertEquals(1, m.core.records.count(Actor.system(), "contact", null), "no second contact of the same address");
        List<Record> ledger = m.core.records.all(Actor.system(), Query.of("consentEntry").where(Filter.eq("contact", ito.getId())));
        assertEquals(1, ledger.size());
        assertEquals("The monthly newsletter", ledger.get(0).get("shownText"), "without a label the purpose's own text was shown");
        assertEquals(1, sent.size());
    }

    @Test
    void noTickOrAnUnknownPurposeRecordsNothingAndMakesNobody() {
        Record unticked = submission(null, "[{\"field\":\"news\",\"purpose\":\"Newsletter\",\"ticked\":false}]");
        Record unknown = submission(null, "[{\"field\":\"news\",\"purpose\":\"Carrier pigeons\",\"ticked\":true}]");

        signUps.consume(List.of(created(unticked), created(unknown)));

        assertEquals(0, m.core.records.count(Actor.system(), "consentEntry", null));
        assertEquals(0, m.core.records.count(Actor.system(), "contact", null));
        assertTrue(sent.isEmpty());
    }

    private Record submission(String contactId, String consents) {
        Map<String, Object> lead = new HashMap<>(Map.of("lastName", "Ito", SystemFields.OWNER, rep.userId()));
        Map<String, Object> s = new HashMap<>(Map.of("summary", "Web form sign-up", "lead", m.create("lead", lead).getId(), "webForm", "sign-up",
                "email", "ito@kaze.example", "firstName", "Hana", "lastName", "Ito", "consents", consents, "submittedAt", Instant.now()));
        s.put("contact", contactId);
        return m.create(FormConsentSignUps.SUBMISSION, s);
    }

    private static OutboxEntry created(Record r) {
        Map<String, Object> values = new HashMap<>(r.getValues());
        values.put("id", r.getId());
        return new OutboxEntry(1, "CREATED", r.getType(), r.getId(), r.getVersion(), Instant.now(), null, Set.of(), values, Map.of());
    }
}
