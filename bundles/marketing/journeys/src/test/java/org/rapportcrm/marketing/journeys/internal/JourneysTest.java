package org.rapportcrm.marketing.journeys.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rapportcrm.marketing.journeys.internal.EnrolmentStore.Enrolment;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.CoreFixture;

/**
 * Journeys as a marketer relies on them: a contact entering the segment gets the welcome, two days later a task for
 * its owner if it opened it, else a reminder; each step happens once however often the pass runs or dies half-way;
 * pausing holds contacts where they are; an unsubscribe exits them; a contact goes through a journey once.
 */
class JourneysTest {
    final JourneyFixture f = new JourneyFixture(database());
    private final String segment = f.segment("Newcomers");

    DataSource database() {
        return CoreFixture.memoryDataSource();
    }

    private Record welcomeSeries() {
        String steps = """
                [{"id": "welcome", "type": "send", "template": "%s", "next": "pause"},
                 {"id": "pause", "type": "wait", "duration": "P2D", "next": "opened"},
                 {"id": "opened", "type": "branch", "on": "opened", "yes": "call", "no": "reminder"},
                 {"id": "call", "type": "action", "action": "record.create-task", "parameters": {"subject": "Call the newcomer"}},
                 {"id": "reminder", "type": "send", "template": "%s"}]""".formatted(f.template("Welcome"), f.template("Reminder"));
        return f.setStatus(f.journey("Welcome series", segment, steps), JourneyTypes.ACTIVE);
    }

    private List<Record> tasksFor(Record contact) {
        return f.core.records.query(Actor.system(), Query.of("activity").where(Filter.eq("contact", contact.getId()))).items();
    }

    private Enrolment enrolmentOf(Record contact) {
        List<Enrolment> all = f.store.ofContact(contact.getId());
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    @Test
    void aNewcomerGetsTheWelcomeThenATaskIfItOpenedItOrElseAReminder() {
        Record journey = welcomeSeries();
        Record anna = f.contact("Anna", "Iceland");
        Record bert = f.contact("Bert", "Iceland");
        f.segments.enter(segment, anna);
        f.segments.enter(segment, bert);

        f.passAfter(Duration.ofSeconds(10));
        String welcome = f.store.campaign(journey.getId(), "welcome").orElseThrow();
        assertEquals(List.of(welcome), f.mailsTo(anna));
        assertEquals(List.of(welcome), f.mailsTo(bert));
        assertEquals("pause", enrolmentOf(anna).step());

        f.passAfter(Duration.ofDays(1));
        assertEquals(1, f.mailsTo(anna).size(), "nothing more before the two days are over");
        f.opened(welcome, anna);

        f.passAfter(Duration.ofDays(1));
        assertEquals(1, tasksFor(anna).size(), "Anna opened it: a task for her owner");
        assertEquals("Call the newcomer", tasksFor(anna).get(0).get("subject"));
        assertEquals(List.of(welcome), f.mailsTo(anna));
        assertEquals(0, tasksFor(bert).size());
        assertEquals(List.of(welcome, f.store.campaign(journey.getId(), "reminder").orElseThrow()), f.mailsTo(bert), "Bert did not: a reminder");

        Enrolment done = enrolmentOf(bert);
        assertEquals(EnrolmentStore.COMPLETED, done.state());
        assertEquals(List.of("welcome Sent", "pause Waited P2D", "opened No", "reminder Sent"),
                f.store.log(done.id()).stream().map(s -> s.step() + " " + s.outcome()).toList());
        Map<String, EnrolmentStore.StepCount> counts = f.store.counts(journey.getId());
        assertEquals(2, counts.get("welcome").passed());
        assertEquals(1, counts.get("call").passed());
        assertEquals(1, counts.get("reminder").passed());
    }

    @Test
    void aPassRunTwiceOrDyingAfterQueuingTheEmailMailsOnce() {
        welcomeSeries();
        Record anna = f.contact("Anna", "Iceland");
        f.segments.enter(segment, anna);
        f.dieAfterNextMail.set(true);

        f.passAfter(Duration.ofSeconds(10));
        assertEquals(List.of(), f.mailsTo(anna), "the e-mail rolled back with the step");
        assertEquals("welcome", enrolmentOf(anna).step());

        f.passAfter(Duration.ofMinutes(2)); // the retry after the failure
        f.passAfter(Duration.ofMinutes(2));
        assertEquals(1, f.mailsTo(anna).size());
        assertEquals(1, f.store.log(enrolmentOf(anna).id()).stream().filter(s -> s.step().equals("welcome")).count());

        // Two nodes taking the same enrolment: the second finds it taken (its version moved on), nothing is done twice.
        f.engine.advance(enrolmentOf(anna).id());
        assertEquals(1, f.mailsTo(anna).size());
    }

    @Test
    void pausingHoldsContactsWhereTheyAreAndResumingGoesOn() {
        Record journey = welcomeSeries();
        Record anna = f.contact("Anna", "Iceland");
        f.segments.enter(segment, anna);
        f.passAfter(Duration.ofSeconds(10));
        f.setStatus(journey, JourneyTypes.PAUSED);

        f.passAfter(Duration.ofDays(3));
        assertEquals("pause", enrolmentOf(anna).step(), "held while paused");
        assertEquals(1, f.mailsTo(anna).size());

        f.setStatus(journey, JourneyTypes.ACTIVE);
        f.passAfter(Duration.ofSeconds(10));
        assertEquals(2, f.mailsTo(anna).size(), "the reminder, once resumed");
    }

    @Test
    void aContactWhoUnsubscribesIsExited() {
        welcomeSeries();
        Record anna = f.contact("Anna", "Iceland");
        f.segments.enter(segment, anna);
        f.passAfter(Duration.ofSeconds(10));
        f.suppressed.add(anna.getId());

        f.passAfter(Duration.ofDays(2));
        Enrolment exited = enrolmentOf(anna);
        assertEquals(EnrolmentStore.EXITED, exited.state());
        assertEquals("Unsubscribed", exited.endReason());
        assertEquals(1, f.mailsTo(anna).size());
    }

    @Test
    void aContactGoesThroughAJourneyOnceUnlessReentryIsAllowed() {
        welcomeSeries();
        Record anna = f.contact("Anna", "Iceland");
        f.segments.enter(segment, anna);
        f.passAfter(Duration.ofSeconds(10));
        f.passAfter(Duration.ofDays(2));
        f.segments.enter(segment, anna);
        f.passAfter(Duration.ofSeconds(10));
        assertEquals(1, f.store.ofContact(anna.getId()).size());
    }

    @Test
    void onlyContactsEnteringAfterTheActivationAreEnrolled() {
        Record early = f.contact("Early", "Iceland");
        f.segments.enter(segment, early);
        welcomeSeries();
        f.passAfter(Duration.ofSeconds(10));
        assertEquals(List.of(), f.store.ofContact(early.getId()));
    }

    @Test
    void activatingAJourneyWithADanglingStepIsRefusedNamingTheStep() {
        Record journey = f.journey("Broken", segment, """
                [{"id": "welcome", "type": "send", "template": "%s", "next": "later"}]""".formatted(f.template("Welcome")));
        ValidationException refused = assertThrows(ValidationException.class, () -> f.setStatus(journey, JourneyTypes.ACTIVE));
        assertEquals("steps.welcome", refused.getErrors().get(0).field(), refused.getErrors().toString());

        Record unknownTemplate = f.journey("No template", segment, "[{\"id\": \"welcome\", \"type\": \"send\", \"template\": \"nope\"}]");
        refused = assertThrows(ValidationException.class, () -> f.setStatus(unknownTemplate, JourneyTypes.ACTIVE));
        assertEquals("steps.welcome", refused.getErrors().get(0).field());

        Record noSegment = f.core.records.create(Actor.system(), JourneyTypes.JOURNEY, Map.of("name", "Nowhere", "steps", "[{\"id\": \"x\", \"type\": \"exit\"}]"));
        refused = assertThrows(ValidationException.class, () -> f.setStatus(noSegment, JourneyTypes.ACTIVE));
        assertEquals("segment", refused.getErrors().get(0).field());
    }

    @Test
    void endingAJourneyExitsEveryoneInItAndItStaysEnded() {
        Record journey = welcomeSeries();
        Record anna = f.contact("Anna", "Iceland");
        f.segments.enter(segment, anna);
        f.passAfter(Duration.ofSeconds(10));
        f.setStatus(journey, JourneyTypes.ENDED);
        assertEquals(EnrolmentStore.EXITED, enrolmentOf(anna).state());
        assertThrows(ValidationException.class, () -> f.setStatus(journey, JourneyTypes.ACTIVE));
    }

    @Test
    void aMarketerMovesAContactPastItsWaitNowAndOnlyWhileItIsInTheJourney() {
        Record journey = welcomeSeries();
        Record bert = f.contact("Bert", "Iceland");
        f.segments.enter(segment, bert);
        f.passAfter(Duration.ofSeconds(10));

        Enrolment moved = f.engine.advanceNow(Actor.system(), journey.getId(), enrolmentOf(bert).id());
        assertEquals(EnrolmentStore.COMPLETED, moved.state(), "past the wait, not opened: the reminder, and the end");
        assertEquals(2, f.mailsTo(bert).size());
        RestException ended = assertThrows(RestException.class, () -> f.engine.advanceNow(Actor.system(), journey.getId(), moved.id()));
        assertEquals(409, ended.getStatus());
        assertEquals(404, assertThrows(RestException.class, () -> f.engine.advanceNow(Actor.system(), journey.getId(), "nobody")).getStatus());
    }

    /** What CampaignIT met after a restart: the marketer's "move on now" and the scheduler's pass, at the same moment. */
    @Test
    void twoAdvancesOfOneContactAtOnceTakeTurnsSoNothingIsSentTwiceOrCountedAsFailed() throws Exception {
        welcomeSeries();
        Record bert = f.contact("Bert", "Iceland");
        f.segments.enter(segment, bert);
        f.passAfter(Duration.ofSeconds(10));
        f.clock.advance(Duration.ofDays(2)); // the wait is over: Bert's reminder is due
        String id = enrolmentOf(bert).id();
        int requestsBefore = f.mailRequests.get();
        CountDownLatch inStep = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        f.holdAfterNextMail.set(new CountDownLatch[] {inStep, goOn});
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = threads.submit(() -> f.engine.advance(id));
            assertTrue(inStep.await(10, TimeUnit.SECONDS), "the first is inside its step");
            AtomicReference<Thread> secondThread = new AtomicReference<>();
            Future<?> second = threads.submit(() -> {
                secondThread.set(Thread.currentThread());
                f.engine.advance(id);
            });
            awaitBlocked(secondThread); // waiting on the database's lock the first holds
            goOn.countDown();
            first.get(30, TimeUnit.SECONDS);
            second.get(30, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        Enrolment done = enrolmentOf(bert);
        assertEquals(EnrolmentStore.COMPLETED, done.state(), done.toString());
        assertEquals(0, done.failures(), "neither advance failed");
        assertEquals(2, f.mailsTo(bert).size(), "the welcome and one reminder");
        assertEquals(1, f.mailRequests.get() - requestsBefore, "the second waited for the first and found nothing left to do");
    }

    /** Asks the database, not the thread: a JDBC driver may wait for a lock in a socket read, which Java calls RUNNABLE. */
    private void awaitBlocked(AtomicReference<Thread> thread) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.get() == null || !aTransactionWaitsForALock()) {
            assertTrue(System.nanoTime() < deadline, "the second advance never waited");
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    boolean aTransactionWaitsForALock() throws SQLException {
        return count("SELECT COUNT(*) FROM SYSCS_DIAG.LOCK_TABLE WHERE STATE = 'WAIT'") > 0;
    }

    final long count(String sql) throws SQLException {
        try (Connection c = f.core.dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aFormSubmissionEnrolsTheContactItIsAboutOncePerSubmissionAndTheFirstMailGoes() {
        f.core.records.create(Actor.system(), FormSubmissionTrigger.WEB_FORM, Map.of("name", "Sign-up", "formKey", "sign-up"));
        Record journey = f.core.records.create(Actor.system(), JourneyTypes.JOURNEY, Map.of("name", "Thanks", "trigger", JourneyTypes.FORM_SUBMISSION,
                "webForm", "sign-up", "reentry", JourneyTypes.AFTER_EXIT,
                "steps", "[{\"id\": \"thanks\", \"type\": \"send\", \"template\": \"%s\"}]".formatted(f.template("Thanks"))));
        f.setStatus(journey, JourneyTypes.ACTIVE);
        FormSubmissionTrigger trigger = new FormSubmissionTrigger(f.core.records, f.engine);
        Record anna = f.contact("Anna", "Iceland");
        Record bob = f.contact("Bob", "Iceland");

        trigger.consume(List.of(submission("CREATED", "first", "sign-up", anna, Set.of()),
                submission("CREATED", "first", "sign-up", anna, Set.of()),
                submission("CREATED", "other-form", "newsletter", bob, Set.of()),
                submission("CREATED", "about-nobody-yet", "sign-up", null, Set.of())));
        assertEquals(1, f.store.ofContact(anna.getId()).size(), "a submission given twice enrols once");
        assertEquals(List.of(), f.store.ofContact(bob.getId()), "another form's submission starts another journey");
        f.passAfter(Duration.ofSeconds(10));
        assertEquals(1, f.mailsTo(anna).size());

        trigger.consume(List.of(submission("UPDATED", "first", "sign-up", anna, Set.of("summary"))));
        assertEquals(1, f.store.ofContact(anna.getId()).size(), "only learning who a submission is about enrols");
        trigger.consume(List.of(submission("UPDATED", "about-nobody-yet", "sign-up", bob, Set.of("contact"))));
        assertEquals(1, f.store.ofContact(bob.getId()).size(), "a lead converted later: its contact enters then");
        trigger.consume(List.of(submission("CREATED", "second", "sign-up", anna, Set.of())));
        assertEquals(2, f.store.ofContact(anna.getId()).size(), "a second submission enters again once the first time ended (After exit)");
    }

    @Test
    void activatingAFormJourneyNeedsAWebFormThatExists() {
        Record noForm = f.core.records.create(Actor.system(), JourneyTypes.JOURNEY, Map.of("name", "Thanks", "trigger", JourneyTypes.FORM_SUBMISSION,
                "steps", "[{\"id\": \"x\", \"type\": \"exit\"}]"));
        ValidationException refused = assertThrows(ValidationException.class, () -> f.setStatus(noForm, JourneyTypes.ACTIVE));
        assertEquals("webForm", refused.getErrors().get(0).field());
        assertEquals("required", refused.getErrors().get(0).code());

        Record unknownForm = f.core.records.create(Actor.system(), JourneyTypes.JOURNEY, Map.of("name", "Thanks", "trigger", JourneyTypes.FORM_SUBMISSION,
                "webForm", "no-such-form", "steps", "[{\"id\": \"x\", \"type\": \"exit\"}]"));
        refused = assertThrows(ValidationException.class, () -> f.setStatus(unknownForm, JourneyTypes.ACTIVE));
        assertEquals("webForm", refused.getErrors().get(0).field());
        assertEquals("notFound", refused.getErrors().get(0).code());
    }

    private static OutboxEntry submission(String kind, String id, String formKey, Record contact, Set<String> changed) {
        Map<String, Object> values = new java.util.HashMap<>(Map.of("id", id, "webForm", formKey));
        values.put("contact", contact == null ? null : contact.getId());
        return new OutboxEntry(1, kind, FormSubmissionTrigger.SUBMISSION, id, 1, java.time.Instant.now(), null, changed, values, Map.of());
    }
}
