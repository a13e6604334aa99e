package org.rapportcrm.marketing.journeys.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.rapportcrm.platform.api.record.FieldError;

/**
 * A journey's steps: a small graph in JSON, a list of steps of which the first is where contacts enter. Each step
 * names the steps that follow it; a step that names none ends the journey.
 *
 * <pre>
 * [{"id": "welcome", "type": "send", "template": "&lt;e-mail template id&gt;", "next": "pause"},
 *  {"id": "pause", "type": "wait", "duration": "P2D", "next": "opened"},
 *  {"id": "opened", "type": "branch", "on": "opened", "yes": "call", "no": "reminder"},
 *  {"id": "call", "type": "action", "action": "record.create-task", "parameters": {"subject": "Call {{firstName}}"}},
 *  {"id": "reminder", "type": "send", "template": "&lt;id&gt;"}]
 * </pre>
 *
 * Steps: {@code send} (a template), {@code wait} (a {@code duration}), {@code waitFor} (an {@code event}, opened or
 * clicked, of the journey's last e-mail, at most {@code timeout}; then {@code next}, or {@code timeoutNext} without
 * it), {@code branch} ({@code on} opened, clicked or a {@code filter} over the contact; {@code yes} or {@code no}),
 * {@code action} (an automation action by id with its {@code parameters}: update fields, create a task, notify),
 * {@code moveTo} (another {@code journey}) and {@code exit}.
 */
final class JourneyGraph {
    static final String SEND = "send";
    static final String WAIT = "wait";
    static final String WAIT_FOR = "waitFor";
    static final String BRANCH = "branch";
    static final String ACTION = "action";
    static final String MOVE_TO = "moveTo";
    static final String EXIT = "exit";
    static final Set<String> TYPES = Set.of(SEND, WAIT, WAIT_FOR, BRANCH, ACTION, MOVE_TO, EXIT);
    static final String OPENED = "opened";
    static final String CLICKED = "clicked";
    static final String FILTER = "filter";
    /** Settings that name the following step, by step type. */
    private static final Map<String, List<String>> EXITS = Map.of(SEND, List.of("next"), WAIT, List.of("next"), WAIT_FOR,
            List.of("next", "timeoutNext"), BRANCH, List.of("yes", "no"), ACTION, List.of("next"), MOVE_TO, List.of(), EXIT, List.of());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One step: its id, its type and its settings as written. */
    record Step(String id, String type, Map<String, Object> settings) {
        String text(String key) {
            Object value = settings.get(key);
            return value == null || value.toString().isBlank() ? null : value.toString();
        }

        /** The ids of the steps that may follow, by the setting that names them (empty ones: the journey ends there). */
        Map<String, String> exits() {
            Map<String, String> exits = new LinkedHashMap<>();
            EXITS.getOrDefault(type, List.of()).forEach(key -> exits.put(key, text(key)));
            return exits;
        }

        /** A wait's duration, a waitFor's timeout. */
        Duration duration(String key) {
            return Duration.parse(Objects.requireNonNull(text(key), key));
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> parameters() {
            return settings.get("parameters") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        }
    }

    private final List<Step> steps;
    private final Map<String, Step> byId = new HashMap<>();

    private JourneyGraph(List<Step> steps) {
        this.steps = List.copyOf(steps);
        steps.forEach(s -> byId.putIfAbsent(s.id(), s));
    }

    /**
     * Reads the steps' JSON (null or blank: no steps).
     *
     * @throws IllegalArgumentException if it is not a list of objects
     */
    static JourneyGraph parse(String json) {
        if (json == null || json.isBlank()) {
            return new JourneyGraph(List.of());
        }
        List<Map<String, Object>> raw;
        try {
            raw = JSON.readValue(json, new TypeReference<List<Map<String, Object>>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the steps must be a JSON list of step objects: " + e.getOriginalMessage());
        }
        List<Step> steps = new ArrayList<>();
        for (Map<String, Object> step : raw) {
            if (step == null) {
                throw new IllegalArgumentException("the steps must be a JSON list of step objects, not null");
            }
            Object id = step.get("id");
            Object type = step.get("type");
            steps.add(new Step(id == null ? null : id.toString(), type == null ? null : type.toString(), step));
        }
        return new JourneyGraph(steps);
    }

    List<Step> steps() {
        return steps;
    }

    /** Where contacts enter: the first step. */
    Optional<Step> first() {
        return steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(0));
    }

    Optional<Step> step(String id) {
        return Optional.ofNullable(id).map(byId::get);
    }

    /**
     * What keeps the graph from running: no step, a step without an id or with one used twice, an unknown type, a
     * setting a type needs, a step that names one that does not exist, or a cycle that no wait interrupts (it would
     * run for ever at once). Each error names the step: field {@code steps.<id>}.
     */
    List<FieldError> problems() {
        List<FieldError> errors = new ArrayList<>();
        if (steps.isEmpty()) {
            errors.add(new FieldError("steps", "required", "a journey needs at least one step"));
            return errors;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step.id() == null || step.id().isBlank()) {
                errors.add(new FieldError("steps[" + i + "]", "required", "step " + (i + 1) + " has no id"));
                continue;
            }
            String field = field(step);
            if (!seen.add(step.id())) {
                errors.add(new FieldError(field, "duplicate", "step '" + step.id() + "': another step has the same id"));
            }
            if (!TYPES.contains(step.type())) {
                errors.add(new FieldError(field, "invalid", "step '" + step.id() + "': type must be one of " + String.join(", ", TYPES.stream().sorted().toList())));
                continue;
            }
            settingProblem(step).ifPresent(message -> errors.add(new FieldError(field, "invalid", "step '" + step.id() + "': " + message)));
            step.exits().forEach((key, target) -> {
                if (target != null && !byId.containsKey(target)) {
                    errors.add(new FieldError(field, "notFound", "step '" + step.id() + "': " + key + " names no step '" + target + "'"));
                }
            });
        }
        if (errors.isEmpty()) {
            cycleWithoutWait().ifPresent(step -> errors.add(new FieldError(field(step), "cycle",
                    "step '" + step.id() + "' leads back to itself without a wait: put a wait in the loop")));
        }
        return errors;
    }

    static String field(Step step) {
        return "steps." + step.id();
    }

    private Optional<String> settingProblem(Step step) {
        switch (step.type()) {
            case SEND:
                return step.text("template") == null ? Optional.of("name the e-mail template to send") : Optional.empty();
            case WAIT:
                return durationProblem(step, "duration");
            case WAIT_FOR:
                if (!OPENED.equals(step.text("event")) && !CLICKED.equals(step.text("event"))) {
                    return Optional.of("event must be opened or clicked");
                }
                return durationProblem(step, "timeout").or(() -> sendBefore(step));
            case BRANCH:
                String on = step.text("on");
                if (FILTER.equals(on)) {
                    return step.text("filter") == null ? Optional.of("name the filter over the contact to branch on") : Optional.empty();
                }
                return OPENED.equals(on) || CLICKED.equals(on) ? sendBefore(step) : Optional.of("on must be opened, clicked or filter");
            case ACTION:
                return step.text("action") == null ? Optional.of("name the automation action to run") : Optional.empty();
            case MOVE_TO:
                return step.text("journey") == null ? Optional.of("name the journey to move the contact to") : Optional.empty();
            default:
                return Optional.empty();
        }
    }

    /** Opened or clicked asks about the journey's last e-mail: there must be one. */
    private Optional<String> sendBefore(Step step) {
        return steps.stream().anyMatch(s -> SEND.equals(s.type())) ? Optional.empty()
                : Optional.of("asks whether the journey's e-mail was " + (step.text("event") != null ? step.text("event") : step.text("on"))
                        + ", but the journey sends none");
    }

    private static Optional<String> durationProblem(Step step, String key) {
        try {
            Duration d = step.duration(key);
            return d.isNegative() || d.isZero() ? Optional.of(key + " must be positive") : Optional.empty();
        } catch (NullPointerException | DateTimeParseException e) {
            return Optional.of(key + " must be an ISO-8601 duration such as P2D or PT4H");
        }
    }

    /** A step on a cycle of steps none of which waits, found by a depth-first walk that does not pass waits. */
    private Optional<Step> cycleWithoutWait() {
        Map<String, Integer> state = new HashMap<>(); // 1: on the current path, 2: done
        for (Step step : steps) {
            Optional<Step> found = visit(step, state);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private Optional<Step> visit(Step step, Map<String, Integer> state) {
        Integer s = state.get(step.id());
        if (s != null) {
            return s == 1 ? Optional.of(step) : Optional.empty();
        }
        state.put(step.id(), 1);
        if (!WAIT.equals(step.type()) && !WAIT_FOR.equals(step.type())) {
            for (String target : step.exits().values()) {
                Optional<Step> found = step(target).flatMap(next -> visit(next, state));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        state.put(step.id(), 2);
        return Optional.empty();
    }
}
