package org.rapportcrm.sales.internal.conversion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesFixture;
import org.rapportcrm.sales.internal.SalesTypes;

class LeadConverterTest {
    private final SalesFixture fixture = new SalesFixture();
    private final RecordService records = fixture.core.records;
    private final LeadConverter converter = new LeadConverter(records, fixture.stages, fixture.core.policy);
    private final Actor rep = fixture.core.user("rep", Set.of("sales"), Set.of());

    {
        fixture.core.records.addValidator(new ConvertedLeadsAreReadOnly(), null);
    }

    private final Record lead = records.create(rep, SalesTypes.LEAD, Map.of("firstName", "Ada", "lastName", "Byron",
            "company", "Analytical Engines Ltd", "email", "ada@engines.example", "country", "UK", "source", "Web form"));

    private ConversionRequest request(boolean withOpportunity) {
        return new ConversionRequest(null, null, withOpportunity, "Engines for Ada", LocalDate.parse("2026-12-20"));
    }

    @Test
    void aLeadBecomesAccountContactAndOpportunityInOneStep() {
        LeadConverter.Conversion c = converter.convert(rep, lead.getId(), request(true));
        assertEquals("Analytical Engines Ltd", c.account().get("name"));
        assertEquals("UK", c.account().get("country"));
        assertEquals("ada@engines.example", c.contact().get("email"));
        assertEquals(c.account().getId(), c.contact().get("account"));
        assertEquals("Engines for Ada", c.opportunity().get("name"));
        assertEquals("Prospecting", c.opportunity().get("stage"));
        assertEquals("Web form", c.opportunity().get("leadSource"));
        assertEquals(lead.getId(), c.opportunity().get("lead"));
        assertEquals(rep.userId(), c.opportunity().getOwner());
        assertEquals(SalesTypes.LEAD_CONVERTED, c.lead().get("status"));
        assertEquals(c.contact().getId(), c.lead().get("convertedContact"));
        assertEquals(c.opportunity().getId(), c.lead().get("convertedOpportunity"));
    }

    @Test
    void theLeadsActivitiesMoveToTheContactAndTheDeal() {
        Record call = records.create(rep, "activity", Map.of("subject", "Discovery call", "activityType", "Call",
                "status", "Completed", "lead", lead.getId()));
        LeadConverter.Conversion c = converter.convert(rep, lead.getId(), request(true));
        Record moved = records.get(rep, "activity", call.getId());
        assertEquals(c.contact().getId(), moved.get("contact"));
        assertEquals(c.account().getId(), moved.get("account"));
        assertEquals(c.opportunity().getId(), moved.get("opportunity"));
        assertEquals(lead.getId(), moved.get("lead"));
    }

    @Test
    void whatALeadBecomesBelongsToItsOwnerOnlyIfWhoeverConvertsMayGiveRecordsAway() {
        String north = fixture.core.users.createTeam(Actor.system(), "North").id();
        Actor seller = fixture.core.user("seller", Set.of("sales"), Set.of(north));
        Actor teammate = fixture.core.user("teammate", Set.of("sales"), Set.of(north));
        Actor manager = fixture.core.user("manager", Set.of("sales-manager"), Set.of(north));
        Record teammatesLead = records.create(Actor.system(), SalesTypes.LEAD, Map.of("lastName", "Lovelace", "company", "Numbers Ltd",
                "owner", teammate.userId()));
        Record otherLead = records.create(Actor.system(), SalesTypes.LEAD, Map.of("lastName", "Babbage", "company", "Gears Ltd",
                "owner", teammate.userId()));

        assertEquals(seller.userId(), converter.convert(seller, teammatesLead.getId(), request(true)).account().getOwner(),
                "a rep without the transfer permission owns what they converted");
        LeadConverter.Conversion byManager = converter.convert(manager, otherLead.getId(), request(true));
        assertEquals(teammate.userId(), byManager.account().getOwner());
        assertEquals(teammate.userId(), byManager.opportunity().getOwner());
    }

    @Test
    void withoutAnOpportunityOnlyAccountAndContactAreMade() {
        LeadConverter.Conversion c = converter.convert(rep, lead.getId(), request(false));
        assertNull(c.opportunity());
        assertNull(c.lead().get("convertedOpportunity"));
    }

    @Test
    void aConvertedLeadCannotBeConvertedAgainNorChanged() {
        converter.convert(rep, lead.getId(), request(true));
        assertThrows(LeadConverter.AlreadyConverted.class, () -> converter.convert(rep, lead.getId(), request(true)));
        assertEquals(1, records.count(rep, "account", null));
        Record converted = records.get(rep, SalesTypes.LEAD, lead.getId());
        assertThrows(ValidationException.class,
                () -> records.update(rep, SalesTypes.LEAD, lead.getId(), converted.getVersion(), Map.of("company", "Other")));
    }

    @Test
    void aFailedConversionLeavesNothingBehind() {
        ConversionRequest intoMissingContact = new ConversionRequest(null, "no-such-contact", true, null, null);
        assertThrows(RecordNotFoundException.class, () -> converter.convert(rep, lead.getId(), intoMissingContact));
        assertEquals(0, records.count(rep, "account", null));
        assertEquals(0, records.count(rep, SalesTypes.OPPORTUNITY, null));
        assertEquals("New", records.get(rep, SalesTypes.LEAD, lead.getId()).get("status"));
    }

    @Test
    void markingALeadConvertedByHandIsRefused() {
        ValidationException refused = assertThrows(ValidationException.class, () -> records.update(rep, SalesTypes.LEAD,
                lead.getId(), lead.getVersion(), Map.of("status", SalesTypes.LEAD_CONVERTED)));
        assertEquals("status", refused.getErrors().get(0).field());
    }

    @Test
    void conversionOptionsAreCheckedByName() {
        ValidationException unknown = assertThrows(ValidationException.class, () -> ConversionRequest.from(Map.of("createOpp", true)));
        assertEquals("createOpp", unknown.getErrors().get(0).field());
        ValidationException badDate = assertThrows(ValidationException.class, () -> ConversionRequest.from(Map.of("closeDate", "soon")));
        assertEquals("closeDate", badDate.getErrors().get(0).field());
    }

    @Test
    void aLeadFromAWebFormJoinsTheContactItsSubmissionIsAboutAndItsOtherSubmissionsFollow() {
        Record signedUp = records.create(Actor.system(), "contact", Map.of("lastName", "Byron", "email", "ada@engines.example"));
        Record aboutHer = records.create(Actor.system(), SalesTypes.WEB_FORM_SUBMISSION, submission(signedUp.getId()));
        Record later = records.create(Actor.system(), SalesTypes.WEB_FORM_SUBMISSION, submission(null));

        LeadConverter.Conversion c = converter.convert(fixture.core.user("boss", Set.of("admin"), Set.of()), lead.getId(), request(false));

        assertEquals(signedUp.getId(), c.contact().getId(), "no second contact of the same person");
        assertEquals(signedUp.getId(), records.get(Actor.system(), SalesTypes.WEB_FORM_SUBMISSION, later.getId()).get("contact"));
        assertEquals(signedUp.getId(), records.get(Actor.system(), SalesTypes.WEB_FORM_SUBMISSION, aboutHer.getId()).get("contact"));
    }

    @Test
    void aSubmissionAboutNobodyYetIsAboutTheContactTheLeadBecomes() {
        Record submission = records.create(Actor.system(), SalesTypes.WEB_FORM_SUBMISSION, submission(null));

        LeadConverter.Conversion c = converter.convert(rep, lead.getId(), request(false));

        assertEquals(c.contact().getId(), records.get(Actor.system(), SalesTypes.WEB_FORM_SUBMISSION, submission.getId()).get("contact"));
    }

    private Map<String, Object> submission(String contactId) {
        Map<String, Object> s = new java.util.HashMap<>(Map.of("lead", lead.getId(), "webForm", "sign-up", "email", "ada@engines.example",
                "consents", "[]", "submittedAt", java.time.Instant.parse("2026-12-01T10:00:00Z")));
        s.put("contact", contactId);
        return s;
    }
}
