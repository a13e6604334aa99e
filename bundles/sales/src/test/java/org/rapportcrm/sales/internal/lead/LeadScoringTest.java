package org.rapportcrm.sales.internal.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesFixture;
import org.rapportcrm.sales.internal.SalesTypes;

class LeadScoringTest {
    private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");

    private final SalesFixture fixture = new SalesFixture();
    private final MutableClock clock = new MutableClock(NOW);
    private final LeadScoring scoring = new LeadScoring(fixture.core.records, clock);

    @BeforeEach
    void registerScoring() {
        fixture.core.records.addTrigger(scoring, null);
    }

    private void rule(String name, Map<String, Object> values) {
        Map<String, Object> rule = new LinkedHashMap<>(values);
        rule.put("name", name);
        fixture.core.records.create(Actor.system(), SalesTypes.SCORING_RULE, rule);
    }

    private void fieldRule(String name, String field, String operator, String value, int points) {
        Map<String, Object> rule = new LinkedHashMap<>(Map.of("appliesTo", "Lead field", "field", field, "operator", operator, "points", points));
        if (value != null) {
            rule.put("value", value);
        }
        rule(name, rule);
    }

    private void activityRule(String name, String activityType, int points, Integer halfLifeDays) {
        Map<String, Object> rule = new LinkedHashMap<>(Map.of("appliesTo", "Activity", "activityType", activityType, "points", points));
        if (halfLifeDays != null) {
            rule.put("halfLifeDays", halfLifeDays);
        }
        rule(name, rule);
    }

    private Record lead(Map<String, Object> values) {
        Map<String, Object> lead = new LinkedHashMap<>(values);
        lead.putIfAbsent("lastName", "Ito");
        return fixture.core.records.create(Actor.system(), SalesTypes.LEAD, lead);
    }

    private Record activity(String leadId, String type, String status, String completedAt) {
        Map<String, Object> activity = new LinkedHashMap<>(Map.of("subject", type + " with Ito", "activityType", type, "status", status, "lead", leadId));
        if (completedAt != null) {
            activity.put("completedAt", completedAt);
        }
        return fixture.core.records.create(Actor.system(), "activity", activity);
    }

    private Record reload(Record lead) {
        return fixture.core.records.get(Actor.system(), SalesTypes.LEAD, lead.getId());
    }

    @Test
    void leadFieldRulesThatHoldAddUpWithALineEach() {
        fieldRule("1 web", "source", "equals", "web form", 10);
        fieldRule("2 phone", "phone", "not empty", null, 5);
        fieldRule("3 director", "title", "contains", "director", 3);
        fieldRule("4 japan", "country", "equals", "Japan", 8);
        fieldRule("5 no email", "email", "not empty", null, -2);
        Map<String, Object> off = new LinkedHashMap<>(Map.of("appliesTo", "Lead field", "field", "company", "operator", "not empty",
                "points", 50, "active", false));
        rule("6 switched off", off);

        Record lead = lead(Map.of("source", "Web form", "phone", "+81 3 1234 5678", "title", "Sales Director", "country", "France",
                "company", "Kaze KK"));

        assertEquals(18L, lead.get("score"));
        assertEquals("+10 source equals web form\n+5 phone not empty\n+3 title contains director", lead.get("scoreExplanation"));
    }

    @Test
    void activitiesEarnTheirPointsHalvedPerHalfLifeInWholeDaysAndWholePoints() {
        activityRule("Meetings", "Meeting", 15, 30);
        activityRule("Calls", "Call", 4, null);
        Record lead = lead(Map.of());

        activity(lead.getId(), "Meeting", "Completed", "2026-11-10T12:00:00Z");   // 30 days: 15 * 0.5 = 7.5 -> 7
        activity(lead.getId(), "Meeting", "Completed", "2026-12-09T13:00:00Z");   // 23 hours, 0 whole days: 15
        activity(lead.getId(), "Meeting", "Completed", "2025-12-10T12:00:00Z");   // 365 days: 15 * 0.5^12.17 < 1 -> no longer counts
        activity(lead.getId(), "Meeting", "Cancelled", "2026-12-01T12:00:00Z");   // cancelled: nothing
        activity(lead.getId(), "Call", "Completed", "2026-01-05T09:00:00Z");      // no half-life: 4, however old
        activity(lead.getId(), "Email", "Completed", "2026-12-01T12:00:00Z");     // no rule for emails

        Record scored = reload(lead);
        assertEquals(26L, scored.get("score"));
        assertEquals("+4 Call 2026-01-05\n"
                + "+15 Meeting 2026-12-09 (15 pts, half-life 30 d)\n"
                + "+7 Meeting 2026-11-10 (15 pts, half-life 30 d)", scored.get("scoreExplanation"));
    }

    @Test
    void anActivityWithoutCompletionAgesFromItsCreation() {
        activityRule("Tasks", "Task", 16, 30);
        Record lead = lead(Map.of());
        clock.advance(Duration.between(NOW, Instant.now()));   // the platform stamps creation with the real time
        activity(lead.getId(), "Task", "Planned", null);

        clock.advance(Duration.ofDays(60).plusHours(1));       // two half-lives: 16 * 0.25
        scoring.rescore(lead.getId());

        assertEquals(4L, reload(lead).get("score"));
    }

    @Test
    void changingMovingAndDeletingActivitiesRescoreTheLeadsConcerned() {
        activityRule("Meetings", "Meeting", 10, null);
        Record first = lead(Map.of("lastName", "First"));
        Record second = lead(Map.of("lastName", "Second"));
        Record meeting = activity(first.getId(), "Meeting", "Planned", null);
        assertEquals(10L, reload(first).get("score"));

        Record moved = fixture.core.records.update(Actor.system(), "activity", meeting.getId(), meeting.getVersion(), Map.of("lead", second.getId()));
        assertEquals(0L, reload(first).get("score"));
        assertNull(reload(first).get("scoreExplanation"));
        assertEquals(10L, reload(second).get("score"));

        Record call = fixture.core.records.update(Actor.system(), "activity", moved.getId(), moved.getVersion(), Map.of("activityType", "Call"));
        assertEquals(0L, reload(second).get("score"));

        Record meetingAgain = fixture.core.records.update(Actor.system(), "activity", call.getId(), call.getVersion(), Map.of("activityType", "Meeting"));
        assertEquals(10L, reload(second).get("score"));
        fixture.core.records.delete(Actor.system(), "activity", meetingAgain.getId(), meetingAgain.getVersion());
        assertEquals(0L, reload(second).get("score"));
    }

    @Test
    void aConvertedLeadKeepsTheScoreItHad() {
        activityRule("Meetings", "Meeting", 10, null);
        Record lead = lead(Map.of());
        activity(lead.getId(), "Meeting", "Completed", "2026-12-01T12:00:00Z");
        Record converted = reload(lead);
        converted = fixture.core.records.update(Actor.system(), SalesTypes.LEAD, lead.getId(), converted.getVersion(),
                Map.of("status", SalesTypes.LEAD_CONVERTED));

        activity(lead.getId(), "Meeting", "Completed", "2026-12-02T12:00:00Z");

        Record after = reload(lead);
        assertEquals(10L, after.get("score"));
        assertEquals(converted.getVersion(), after.getVersion(), "not written at all");
    }

    @Test
    void theDailyRescoringLetsOpenLeadsDecayAndLeavesConvertedOnesAlone() {
        activityRule("Meetings", "Meeting", 16, 30);
        Record open = lead(Map.of("lastName", "Open"));
        Record converted = lead(Map.of("lastName", "Converted"));
        activity(open.getId(), "Meeting", "Completed", NOW.toString());
        activity(converted.getId(), "Meeting", "Completed", NOW.toString());
        Record c = reload(converted);
        fixture.core.records.update(Actor.system(), SalesTypes.LEAD, c.getId(), c.getVersion(), Map.of("status", SalesTypes.LEAD_CONVERTED));
        LeadRescoring rescoring = new LeadRescoring(fixture.core.records, scoring, config(false));

        assertEquals(0, rescoring.rescoreOpenLeads(), "nothing has decayed yet");
        clock.advance(Duration.ofDays(30));
        assertEquals(1, rescoring.rescoreOpenLeads());

        assertEquals(8L, reload(open).get("score"));
        assertEquals("+8 Meeting 2026-12-10 (16 pts, half-life 30 d)", reload(open).get("scoreExplanation"));
        assertEquals(16L, reload(converted).get("score"));
    }

    @Test
    void theRescoringRunsOnItsOwnThreadUntilStopped() throws InterruptedException {
        activityRule("Meetings", "Meeting", 16, 30);
        Record lead = lead(Map.of());
        activity(lead.getId(), "Meeting", "Completed", NOW.toString());
        clock.advance(Duration.ofDays(30));

        LeadRescoring rescoring = new LeadRescoring(fixture.core.records, scoring, config(true));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Long.valueOf(8).equals(reload(lead).get("score")) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(8L, reload(lead).get("score"));
        } finally {
            rescoring.stop();
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("rapport-lead-rescoring")) {
                t.join(10_000);
                assertFalse(t.isAlive(), "the component's thread ends with it");
            }
        }
    }

    private static RescoringConfig config(boolean enabled) {
        return new RescoringConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RescoringConfig.class;
            }

            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public int intervalHours() {
                return 24;
            }

            @Override
            public int firstRunAfterMinutes() {
                return 0;
            }
        };
    }
}
