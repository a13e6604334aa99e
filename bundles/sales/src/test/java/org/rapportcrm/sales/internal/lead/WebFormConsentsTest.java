package org.rapportcrm.sales.internal.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rapportcrm.sales.internal.lead.CaptureSupport.FORM_ENCODED;
import static org.rapportcrm.sales.internal.lead.CaptureSupport.JSON;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesFixture;
import org.rapportcrm.sales.internal.SalesTypes;

/** Consent checkboxes on web forms: declared per form, answered by the visitor, kept on the submission for marketing. */
class WebFormConsentsTest {
    private final SalesFixture fixture = new SalesFixture();
    private final CaptureSupport capture = new CaptureSupport(fixture);

    {
        fixture.core.records.addValidator(new WebFormConsents(fixture.core.records, fixture.core.metadata), null);
        fixture.core.records.addTrigger(new DuplicateCheck(fixture.core.records), null);
    }

    @BeforeEach
    void signUpForm() {
        capture.webForm("sign-up", Map.of("requiredFields", "lastName,email", SalesTypes.CONSENT_CHECKBOXES,
                "# the newsletter is why people come\nnews=Newsletter|required|Send me the monthly newsletter\nevents=Events|optional"));
    }

    @Test
    void aSubmissionKeepsWhatTheVisitorTickedWithTheLabelShownForTheLeadItMade() throws Exception {
        CaptureResponse r = capture.post("sign-up", FORM_ENCODED, "lastName=Ito&firstName=Hana&email=ito%40kaze.jp&news=on");

        assertEquals(201, r.status());
        Record submission = submissionOf((String) r.body().get("id"));
        assertEquals("sign-up", submission.get("webForm"));
        assertEquals("ito@kaze.jp", submission.get("email"));
        assertEquals("Hana", submission.get("firstName"));
        assertEquals("Ito", submission.get("lastName"));
        assertNull(submission.get("contact"), "nobody had the address yet");
        assertTrue(submission.get("submittedAt") != null);
        List<?> consents = new ObjectMapper().readValue((String) submission.get("consents"), List.class);
        assertEquals(List.of(
                Map.of("field", "news", "purpose", "Newsletter", "label", "Send me the monthly newsletter", "required", true, "ticked", true),
                consentsRow("events", "Events", false, false)), consents);
        Record lead = capture.lead((String) r.body().get("id"));
        assertNull(lead.get("description"), "a checkbox is never a lead field");
    }

    @Test
    void anUntickedRequiredCheckboxIsRefusedNamingItsFormFieldAndNothingIsMade() {
        CaptureResponse r = capture.post("sign-up", FORM_ENCODED, "lastName=Ito&email=ito%40kaze.jp&events=on");

        assertEquals(422, r.status());
        assertEquals(List.of(Map.of("field", "news", "code", "required", "message", "must be ticked")), r.errors());
        assertEquals(0, capture.leadCount());
        assertEquals(0, fixture.core.records.count(Actor.system(), SalesTypes.WEB_FORM_SUBMISSION, null));
    }

    @Test
    void scriptsTickWithTrueAndAnythingElseIsNotATick() throws Exception {
        CaptureResponse r = capture.post("sign-up", JSON, "{\"lastName\": \"Okafor\", \"email\": \"ada@example.org\", \"news\": true, \"events\": \"no\"}");

        assertEquals(201, r.status());
        List<Map<?, ?>> consents = List.of(new ObjectMapper().readValue((String) submissionOf((String) r.body().get("id")).get("consents"), Map[].class));
        assertEquals(true, consents.get(0).get("ticked"));
        assertEquals(false, consents.get(1).get("ticked"));
        assertNull(consents.get(1).get("label"), "without a label, the purpose's own text was shown");
    }

    @Test
    void theSubmissionIsAboutTheContactThatHadTheAddressAlready() {
        Record ada = fixture.core.records.create(Actor.system(), "contact", Map.of("lastName", "Okafor", "email", "ada@example.org"));

        CaptureResponse r = capture.post("sign-up", FORM_ENCODED, "lastName=Okafor&email=ada%40example.org&news=on");

        assertEquals(ada.getId(), submissionOf((String) r.body().get("id")).get("contact"));
    }

    @Test
    void aFormWithoutCheckboxesStillRecordsItsSubmissions() {
        capture.webForm("plain", Map.of("requiredFields", "lastName"));

        CaptureResponse r = capture.post("plain", FORM_ENCODED, "lastName=Ito");

        assertEquals("[]", submissionOf((String) r.body().get("id")).get("consents"));
    }

    @Test
    void checkboxLinesThatDoNotReadAreRefusedNamingTheField() {
        ValidationException refused = assertThrows(ValidationException.class, () -> capture.webForm("bad", Map.of(
                SalesTypes.CONSENT_CHECKBOXES, "news=Newsletter|mandatory\nevents=Events|optional\nevents=Newsletter|required")));

        assertEquals(2, refused.getErrors().size());
        assertTrue(refused.getErrors().stream().allMatch(e -> e.field().equals(SalesTypes.CONSENT_CHECKBOXES)));
        assertTrue(refused.getErrors().get(0).message().contains("line 1 ("), refused.getErrors().get(0).message());
        assertTrue(refused.getErrors().get(1).message().contains("has a checkbox already"), refused.getErrors().get(1).message());
    }

    private static Map<String, Object> consentsRow(String field, String purpose, boolean required, boolean ticked) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("field", field);
        row.put("purpose", purpose);
        row.put("label", null);
        row.put("required", required);
        row.put("ticked", ticked);
        return row;
    }

    private Record submissionOf(String leadId) {
        List<Record> found = fixture.core.records.query(Actor.system(), Query.of(SalesTypes.WEB_FORM_SUBMISSION)
                .where(Filter.eq("lead", leadId)).limit(2)).items();
        assertEquals(1, found.size());
        return found.get(0);
    }
}
