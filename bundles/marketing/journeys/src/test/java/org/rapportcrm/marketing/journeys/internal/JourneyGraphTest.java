package org.rapportcrm.marketing.journeys.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.FieldError;

/** What a journey's steps must be before it can run: every refusal names the step it is about. */
class JourneyGraphTest {
    private static final String WELCOME_SERIES = """
            [{"id": "welcome", "type": "send", "template": "t1", "next": "pause"},
             {"id": "pause", "type": "wait", "duration": "P2D", "next": "opened"},
             {"id": "opened", "type": "branch", "on": "opened", "yes": "call", "no": "reminder"},
             {"id": "call", "type": "action", "action": "record.create-task", "parameters": {"subject": "Call"}},
             {"id": "reminder", "type": "send", "template": "t2"}]""";

    private static List<FieldError> problems(String steps) {
        return JourneyGraph.parse(steps).problems();
    }

    @Test
    void aWelcomeSeriesWithAWaitAndABranchIsFine() {
        assertEquals(List.of(), problems(WELCOME_SERIES));
        assertEquals("welcome", JourneyGraph.parse(WELCOME_SERIES).first().orElseThrow().id());
    }

    @Test
    void aStepNamingAStepThatDoesNotExistIsRefusedNamingTheStep() {
        List<FieldError> errors = problems(WELCOME_SERIES.replace("\"no\": \"reminder\"", "\"no\": \"remindr\""));
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("steps.opened", errors.get(0).field());
        assertTrue(errors.get(0).message().contains("no names no step 'remindr'"), errors.get(0).message());
    }

    @Test
    void aLoopWithoutAWaitIsRefusedAndOneWithAWaitIsFine() {
        String loop = """
                [{"id": "check", "type": "branch", "on": "filter", "filter": "country eq 'Iceland'", "yes": "set", "no": "done"},
                 {"id": "set", "type": "action", "action": "record.update", "parameters": {"title": "x"}, "next": "check"},
                 {"id": "done", "type": "exit"}]""";
        List<FieldError> errors = problems(loop);
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("cycle", errors.get(0).code());
        assertTrue(errors.get(0).field().equals("steps.check") || errors.get(0).field().equals("steps.set"), errors.toString());

        String withWait = loop.replace("\"next\": \"check\"", "\"next\": \"later\"")
                .replace("{\"id\": \"done\"", "{\"id\": \"later\", \"type\": \"wait\", \"duration\": \"P1D\", \"next\": \"check\"},\n {\"id\": \"done\"");
        assertEquals(List.of(), problems(withWait));
    }

    @Test
    void eachStepTypeNeedsItsSettings() {
        List<FieldError> errors = problems("""
                [{"id": "a", "type": "send", "next": "b"},
                 {"id": "b", "type": "wait", "duration": "two days", "next": "c"},
                 {"id": "c", "type": "waitFor", "event": "read", "timeout": "P1D", "next": "d"},
                 {"id": "d", "type": "branch", "on": "filter", "yes": "e"},
                 {"id": "e", "type": "teleport"},
                 {"id": "e", "type": "exit"}]""");
        assertEquals(List.of("steps.a", "steps.b", "steps.c", "steps.d", "steps.e", "steps.e"), errors.stream().map(FieldError::field).toList(),
                errors.toString());
        assertTrue(errors.get(1).message().contains("ISO-8601"), errors.get(1).message());
        assertEquals("duplicate", errors.get(5).code());
    }

    @Test
    void askingWhetherAnEmailWasOpenedNeedsAJourneyThatSendsOne() {
        List<FieldError> errors = problems("""
                [{"id": "w", "type": "waitFor", "event": "opened", "timeout": "P3D", "next": "x", "timeoutNext": "x"},
                 {"id": "x", "type": "exit"}]""");
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("steps.w", errors.get(0).field());
    }

    @Test
    void noStepsOrStepsThatAreNotAListAreRefused() {
        assertEquals("steps", problems("[]").get(0).field());
        assertEquals("steps", problems(null).get(0).field());
        assertThrows(IllegalArgumentException.class, () -> JourneyGraph.parse("{\"id\": \"a\"}"));
    }
}
