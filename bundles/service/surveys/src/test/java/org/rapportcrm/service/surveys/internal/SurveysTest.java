package org.rapportcrm.service.surveys.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.mail.OutgoingMail;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.platform.core.internal.KeptMail;
import org.rapportcrm.platform.core.internal.MutableClock;
import org.rapportcrm.platform.core.internal.record.RecordFiltersImpl;
import org.rapportcrm.service.api.Cases;
import org.rapportcrm.service.surveys.internal.Answers.Result;

/** CSAT on case close and NPS to an audience, over the real core on in-memory Derby, with a mail service that keeps what is sent. */
class SurveysTest {
    private static final Pattern LINK = Pattern.compile("https://crm\\.example\\.com/surveys/([A-Za-z0-9_-]{43})\\?score=(\\d+)");
    private final CoreFixture core = new CoreFixture();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final KeptMail mail = new KeptMail();
    private final List<OutgoingMail> sent = mail.sent;
    private final Invitations invitations;
    private final Answers answers;
    private final CsatOnCaseClose csat;

    SurveysTest() {
        core.metadata.addProvider(new org.rapportcrm.service.internal.ServiceTypes());
        core.metadata.addProvider(new SurveyTypes());
        core.records.addValidator(new SurveyRules(core.records, new RecordFiltersImpl(core.metadata)), "org.rapportcrm.service.surveys");
        invitations = new Invitations(core.records, mail, new SurveyLinks("https://crm.example.com/"), clock);
        answers = new Answers(core.records, clock, Duration.ofHours(48));
        csat = new CsatOnCaseClose(core.records, invitations);
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void aClosedCaseAsksItsContactOnceAndTheLinkRatesOnceThenTakesAComment() throws Exception {
        Record survey = csatSurvey();
        Record contact = contact("Ada", "ada@example.org");
        Record aCase = closedCase(contact);

        csat.consume(List.of(closing(aCase)));
        csat.consume(List.of(closing(aCase))); // the outbox may give a batch again

        assertEquals(1, sent.size());
        OutgoingMail mail = sent.get(0);
        assertEquals(List.of("ada@example.org"), mail.to().stream().map(a -> a.address()).toList());
        assertEquals("auto-generated", mail.headers().get("Auto-Submitted"));
        assertTrue(mail.text().contains("About your case " + aCase.get("caseNumber")), mail.text());
        assertEquals(List.of("1", "2", "3", "4", "5"), links(mail).stream().map(l -> l[1]).toList());
        Record response = only(survey);
        assertEquals(SurveyTypes.SENT, response.get("status"));
        assertEquals(aCase.getId(), response.get("case"));
        assertEquals(contact.getId(), response.get("contact"));
        assertFalse(mail.text().contains((String) response.get("tokenHash")), "the stored hash is not the link");

        String token = links(mail).get(0)[0];
        assertEquals(Result.RECORDED, answers.answer(token, 4, null));
        assertEquals(Result.ALREADY_ANSWERED, answers.answer(token, 1, null), "a second click does not change the answer");
        assertEquals(Result.COMMENT_ADDED, answers.answer(token, 4, "Quick and kind"));
        assertEquals(Result.ALREADY_ANSWERED, answers.answer(token, 4, "Changed my mind"));
        response = only(survey);
        assertEquals(SurveyTypes.ANSWERED, response.get("status"));
        assertEquals(4, ((Number) response.get("score")).intValue());
        assertEquals(Scores.SATISFIED, response.get("rating"));
        assertEquals("Quick and kind", response.get("comment"));
    }

    @Test
    void aCaseClosedWithoutAnActiveSurveyOrAContactWithAnAddressAsksNobody() throws Exception {
        Record contact = contact("Bea", "bea@example.org");
        csat.consume(List.of(closing(closedCase(contact))));
        assertTrue(sent.isEmpty(), "no survey is sent on close");

        Record survey = csatSurvey();
        csat.consume(List.of(closing(closedCase(contact("Cy", null)))));
        assertTrue(sent.isEmpty());
        assertEquals(0, core.records.count(Actor.system(), SurveyTypes.RESPONSE, Filter.eq("survey", survey.getId())));
    }

    @Test
    void aLinkThatExpiredOrIsNotOursRecordsNothingAndAScoreOffTheScaleIsRefusedByName() throws Exception {
        csatSurvey();
        Record contact = contact("Dee", "dee@example.org");
        csat.consume(List.of(closing(closedCase(contact))));
        String token = links(sent.get(0)).get(0)[0];

        IllegalArgumentException offScale = assertThrows(IllegalArgumentException.class, () -> answers.answer(token, 9, null));
        assertTrue(offScale.getMessage().startsWith("score:"), offScale.getMessage());
        assertThrows(IllegalArgumentException.class, () -> answers.answer(token, null, null));
        assertEquals(Result.UNKNOWN, answers.answer("x".repeat(43), 3, null));
        assertEquals(Result.UNKNOWN, answers.answer("../../etc/passwd", 3, null));

        clock.advance(Duration.ofDays(31));
        assertEquals(Result.EXPIRED, answers.answer(token, 5, null));
        assertTrue(answers.find(token).orElseThrow().expired());
    }

    @Test
    void aContactAskedWithinTheQuietDaysIsNotAskedAgain() throws Exception {
        csatSurvey();
        Record contact = contact("Eve", "eve@example.org");
        csat.consume(List.of(closing(closedCase(contact))));
        clock.advance(Duration.ofDays(3));
        csat.consume(List.of(closing(closedCase(contact))));
        assertEquals(1, sent.size(), "asked again 3 days later");

        clock.advance(Duration.ofDays(5));
        csat.consume(List.of(closing(closedCase(contact))));
        assertEquals(2, sent.size(), "asked again after the 7 quiet days");
    }

    @Test
    void anNpsWaveInvitesItsAudienceOnceEvenWhenItsPagesRunAgain() {
        Record survey = core.records.create(Actor.system(), SurveyTypes.SURVEY, Map.of("name", "Loyalty", "kind", SurveyTypes.NPS,
                "subject", "Would you recommend us?", "audience", "lastName sw 'Ba'", "wave", 1, "sendState", SurveyTypes.SENDING));
        contact("Baker", "baker@example.org");
        contact("Barnes", "barnes@example.org");
        contact("Bates", null);
        contact("Clark", "clark@example.org");
        AudienceSend send = new AudienceSend(core.records, invitations);
        TaskRun run = TaskRun.of(survey.getId() + ":1", Map.of("survey", survey.getId(), "wave", 1), 1, clock.instant());

        assertEquals(TaskOutcome.Kind.DONE, send.run(run).kind());
        assertEquals(TaskOutcome.Kind.DONE, send.run(run).kind());

        assertEquals(Set.of("baker@example.org", "barnes@example.org"), Set.copyOf(sent.stream().map(m -> m.to().get(0).address()).toList()));
        assertEquals(11, links(sent.get(0)).size(), "0 to 10");
        Record done = core.records.get(Actor.system(), SurveyTypes.SURVEY, survey.getId());
        assertEquals(SurveyTypes.DONE, done.get("sendState"));
        assertEquals(2L, ((Number) done.get("invited")).longValue());
    }

    @Test
    void resultsCountRatingsScoresAndTheNetPromoterScore() throws Exception {
        Record survey = core.records.create(Actor.system(), SurveyTypes.SURVEY, Map.of("name", "Loyalty", "kind", SurveyTypes.NPS,
                "subject", "Would you recommend us?", "wave", 1));
        int[] scores = {10, 9, 9, 8, 3};
        for (int i = 0; i < scores.length; i++) {
            Record contact = contact("P" + i, "p" + i + "@example.org");
            assertEquals(Invitations.Outcome.INVITED, invitations.invite(survey, contact, null, Invitations.npsKey(survey, 1, contact.getId())));
            answers.answer(links(sent.get(i)).get(0)[0], scores[i], null);
        }
        invitations.invite(survey, contact("Q", "q@example.org"), null, "unanswered");

        Filter ofSurvey = Filter.eq("survey", survey.getId());
        Map<String, Object> results = new SurveyResults(core.records).results(Actor.system(), SurveyTypes.NPS, ofSurvey, ofSurvey);

        assertEquals(6L, results.get("invited"));
        assertEquals(5L, results.get("answered"));
        assertEquals(40, results.get("nps"), "3 promoters and 1 detractor of 5: 60% - 20%");
        assertEquals(Map.of(Scores.PROMOTER, 3L, Scores.PASSIVE, 1L, Scores.DETRACTOR, 1L), results.get("ratings"));
        assertEquals(2L, ((Map<?, ?>) results.get("scores")).get("9"));
        assertEquals(0L, ((Map<?, ?>) results.get("scores")).get("0"));
        assertEquals(0, new java.math.BigDecimal("7.80").compareTo((java.math.BigDecimal) results.get("averageScore")));
        assertNull(results.get("csat"));
    }

    @Test
    void surveysAreCheckedWhenSaved() {
        csatSurvey();
        ValidationException second = assertThrows(ValidationException.class, () -> csatSurvey("Another"));
        assertEquals("sendOnCaseClose", second.getErrors().get(0).field());
        ValidationException npsOnClose = assertThrows(ValidationException.class, () -> core.records.create(Actor.system(), SurveyTypes.SURVEY,
                Map.of("name", "N", "kind", SurveyTypes.NPS, "subject", "S", "sendOnCaseClose", true)));
        assertEquals("sendOnCaseClose", npsOnClose.getErrors().get(0).field());
        ValidationException audience = assertThrows(ValidationException.class, () -> core.records.create(Actor.system(), SurveyTypes.SURVEY,
                Map.of("name", "N", "kind", SurveyTypes.NPS, "subject", "S", "audience", "shoeSize gt 3")));
        assertEquals("audience", audience.getErrors().get(0).field());
    }

    private Record csatSurvey() {
        return csatSurvey("Support satisfaction");
    }

    private Record csatSurvey(String name) {
        return core.records.create(Actor.system(), SurveyTypes.SURVEY, Map.of("name", name, "kind", SurveyTypes.CSAT,
                "subject", "How did we do?", "sendOnCaseClose", true));
    }

    private Record contact(String lastName, String email) {
        Map<String, Object> values = new HashMap<>(Map.of("lastName", lastName));
        values.put("email", email);
        return core.records.create(Actor.system(), "contact", values);
    }

    private int cases;

    private Record closedCase(Record contact) {
        cases++;
        return core.records.create(Actor.system(), Cases.TYPE, Map.of("subject", "Printer on fire " + cases, "caseNumber", "CS-" + cases,
                "contact", contact.getId(), "status", Cases.CLOSED));
    }

    private static OutboxEntry closing(Record aCase) {
        return new OutboxEntry(1, RecordEvents.UPDATED, Cases.TYPE, aCase.getId(), aCase.getVersion(), Instant.now(), null, Set.of("status"),
                Map.of("status", Cases.CLOSED, "contact", aCase.get("contact")), Map.of("status", Cases.RESOLVED));
    }

    private Record only(Record survey) {
        List<Record> found = core.records.query(Actor.system(), Query.of(SurveyTypes.RESPONSE).where(Filter.eq("survey", survey.getId()))).items();
        assertEquals(1, found.size());
        return found.get(0);
    }

    /** The survey links of a message: token and score. */
    private static List<String[]> links(OutgoingMail mail) {
        List<String[]> found = new ArrayList<>();
        Matcher m = LINK.matcher(mail.text());
        while (m.find()) {
            found.add(new String[] {m.group(1), m.group(2)});
        }
        return found;
    }
}
