package org.rapportcrm.sales.internal.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesFixture;
import org.rapportcrm.sales.internal.SalesTypes;

class DuplicateCheckTest {
    private final SalesFixture fixture = new SalesFixture();

    @BeforeEach
    void registerTheCheck() {
        fixture.core.records.addTrigger(new DuplicateCheck(fixture.core.records), null);
    }

    private Record lead(String lastName, String email) {
        return fixture.core.records.create(Actor.system(), SalesTypes.LEAD, Map.of("lastName", lastName, "email", email));
    }

    @Test
    void aNewLeadWithTheEmailOfALeadAndAContactIsFlaggedButCreated() {
        Record first = lead("Ito", "Hana.Ito@Kaze.jp");
        lead("Ito", "hana.ito@kaze.jp"); // itself a duplicate of the first: the oldest is the one to point at
        Record contact = fixture.core.records.create(Actor.system(), "contact", Map.of("lastName", "Ito", "email", "hana.ito@kaze.JP"));

        Record again = lead("Ito", "HANA.ITO@kaze.jp");

        assertEquals(first.getId(), again.get("matchedLead"));
        assertEquals(contact.getId(), again.get("matchedContact"));
        assertEquals(3, fixture.core.records.count(Actor.system(), SalesTypes.LEAD, null));
    }

    @Test
    void onlyTheSameAddressCountsNotOneThatStartsAlike() {
        lead("Ito", "hana@kaze.jp.example");
        fixture.core.records.create(Actor.system(), "contact", Map.of("lastName", "Ito", "email", "hana@kaze.jpn"));

        Record fresh = lead("Ito", "hana@kaze.jp");

        assertNull(fresh.get("matchedLead"));
        assertNull(fresh.get("matchedContact"));
    }

    @Test
    void aLeadWithoutEmailIsNotCompared() {
        fixture.core.records.create(Actor.system(), SalesTypes.LEAD, Map.of("lastName", "Ito"));
        Record second = fixture.core.records.create(Actor.system(), SalesTypes.LEAD, Map.of("lastName", "Ito"));

        assertNull(second.get("matchedLead"));
    }

    @Test
    void aWebSubmissionFromAKnownPersonIsFlagged() {
        Record known = lead("Okafor", "ada@example.org");
        CaptureSupport capture = new CaptureSupport(fixture);
        capture.webForm("contact-us", Map.of("requiredFields", "lastName,email"));

        CaptureResponse r = capture.post("contact-us", CaptureSupport.FORM_ENCODED, "lastName=Okafor&email=Ada%40Example.org");

        assertEquals(201, r.status());
        assertEquals(known.getId(), capture.lead((String) r.body().get("id")).get("matchedLead"));
    }
}
