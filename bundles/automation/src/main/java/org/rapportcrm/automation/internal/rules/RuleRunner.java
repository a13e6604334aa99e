package org.rapportcrm.automation.internal.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.automation.AutomationAction;
import org.rapportcrm.platform.api.automation.AutomationCondition;
import org.rapportcrm.platform.api.automation.AutomationContext;
import org.rapportcrm.platform.api.automation.AutomationRegistry;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a rule's conditions and actions for one firing and keeps its run: once per firing (its run key), the actions in
 * order, a failed action retried with back-off from where it failed (the actions before it are not run again), as the
 * clustered scheduler's task {@value #RETRY}.
 */
@Component(service = {RuleRunner.class, ScheduledTaskHandler.class})
public class RuleRunner implements ScheduledTaskHandler {
    static final String RETRY = "automation.rule-retry";
    static final int MAX_ATTEMPTS = 4;
    private static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(RuleRunner.class);
    private final RecordService records;
    private final AutomationRegistry registry;
    private final TaskScheduler scheduler;
    private final ActiveRules rules;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Activate
    public RuleRunner(@Reference RecordService records, @Reference AutomationRegistry registry, @Reference TaskScheduler scheduler,
            @Reference ActiveRules rules) {
        this.records = records;
        this.registry = registry;
        this.scheduler = scheduler;
        this.rules = rules;
    }

    /**
     * Runs the rule for the firing unless this firing already ran; returns how it ended. The run is kept when it ends
     * (one write): a node dying mid-run leaves no run, so the firing, given again, runs again (at least once).
     */
    RunStatus run(Rule rule, Firing firing) {
        Optional<Record> existing = runByKey(firing.runKey());
        if (existing.isPresent()) {
            return status(existing.get());
        }
        return execute(rule, null, firing);
    }

    /** Keeps that the rule was not run for the firing, and why (loop protection). */
    void skip(Rule rule, Firing firing, String reason) {
        if (runByKey(firing.runKey()).isEmpty()) {
            newRun(rule, firing, RunStatus.SKIPPED, reason);
        }
    }

    /** What the rule would do for the record, changing nothing: the rule's test mode. */
    List<String> describe(Rule rule, Firing firing) throws Exception {
        List<String> lines = new ArrayList<>();
        for (Rule.Step step : rule.checks()) {
            AutomationCondition condition = registry.condition(step.id()).orElseThrow(() -> notInstalled("condition", step.id()));
            boolean holds = condition.test(context(rule, firing, step));
            lines.add("Condition '" + condition.label() + "' " + (holds ? "holds" : "does not hold: the actions would not run"));
            if (!holds) {
                return lines;
            }
        }
        for (Rule.Step step : rule.actions()) {
            AutomationAction action = registry.action(step.id()).orElseThrow(() -> notInstalled("action", step.id()));
            lines.add(action.describe(context(rule, firing, step)));
        }
        return lines;
    }

    /** Runs the actions from where the run stands (a new run: from the start) and keeps how it ended. */
    private RunStatus execute(Rule rule, Record run, Firing firing) {
        int next = run == null ? 0 : ((Number) run.getValues().getOrDefault("nextAction", 0L)).intValue();
        List<String> log = new ArrayList<>(run == null ? List.of() : lines(run.get("log")));
        int attempts = run == null ? 1 : ((Number) run.getValues().getOrDefault("attempts", 0L)).intValue() + 1;
        int step = next;
        try {
            if (next == 0) {
                for (Rule.Step check : rule.checks()) {
                    AutomationCondition condition = registry.condition(check.id()).orElseThrow(() -> notInstalled("condition", check.id()));
                    if (!condition.test(context(rule, firing, check))) {
                        log.add("Condition '" + condition.label() + "' did not hold: no action run");
                        return finish(rule, firing, run, RunStatus.SKIPPED, attempts, 0, log, null);
                    }
                }
            }
            Firing current = firing;
            for (; step < rule.actions().size(); step++) {
                Rule.Step s = rule.actions().get(step);
                AutomationAction action = registry.action(s.id()).orElseThrow(() -> notInstalled("action", s.id()));
                AutomationContext context = context(rule, current, s);
                String line = action.describe(context);
                action.execute(context);
                log.add(line);
                if (step + 1 < rule.actions().size()) {
                    current = afterAction(current); // the next action sees what this one did (a new owner, a new stage)
                }
            }
            return finish(rule, firing, run, RunStatus.DONE, attempts, step, log, null);
        } catch (Exception e) {
            String error = "Action " + (step + 1) + " (" + (step < rule.actions().size() ? rule.actions().get(step).id() : "condition")
                    + "): " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            LOG.info("Workflow rule '{}' failed on {} {} (attempt {}): {}", rule.name(), firing.record().getType(), firing.record().getId(), attempts, error);
            if (attempts >= MAX_ATTEMPTS) {
                return finish(rule, firing, run, RunStatus.FAILED, attempts, step, log, error);
            }
            String runId = kept(rule, firing, run, RunStatus.RETRYING, attempts, step, log, error);
            scheduler.schedule(RETRY, runId, Instant.now().plus(FIRST_RETRY.multipliedBy(1L << (2 * (attempts - 1)))), Map.of());
            return RunStatus.RETRYING;
        }
    }

    @Override
    public String name() {
        return RETRY;
    }

    /** A failed run's retry: the rule as it is now, the record as it is now, from the action that failed. */
    @Override
    public TaskOutcome run(TaskRun task) {
        Record run;
        try {
            run = records.get(Actor.system(), RuleTypes.RUN, task.instanceId());
        } catch (RecordNotFoundException e) {
            return TaskOutcome.done(); // its rule was deleted, and its runs with it
        }
        if (!RunStatus.RETRYING.label.equals(run.get("status"))) {
            return TaskOutcome.done();
        }
        Optional<Rule> rule = rules.byId((String) run.get("rule"));
        Optional<Firing> firing = firing(run);
        if (rule.isEmpty() || firing.isEmpty()) {
            update(run, RunStatus.FAILED, ((Number) run.get("attempts")).intValue(), ((Number) run.get("nextAction")).intValue(),
                    lines(run.get("log")), rule.isEmpty() ? "The rule was deactivated before its retry" : "The record was deleted before the retry");
            return TaskOutcome.done();
        }
        execute(rule.get(), run, firing.get());
        return TaskOutcome.done();
    }

    private Firing afterAction(Firing firing) {
        if (firing.kind().equals("DELETED")) {
            return firing;
        }
        try {
            Record now = records.get(Actor.system(), firing.record().getType(), firing.record().getId());
            return new Firing(firing.runKey(), firing.cause(), firing.kind(), now, firing.actorId(), firing.changedFields(),
                    firing.previousValues(), firing.event(), firing.eventData(), firing.depth());
        } catch (RecordNotFoundException e) {
            return firing; // an action deleted it: the rest work with it as it was
        }
    }

    private Optional<Record> runByKey(String runKey) {
        List<Record> found = records.query(Actor.system(), Query.of(RuleTypes.RUN).where(Filter.eq("runKey", runKey)).limit(1)).items();
        return found.stream().findFirst();
    }

    private Record newRun(Rule rule, Firing firing, RunStatus status, String error) {
        return newRun(rule, firing, status, 1, 0, List.of(), error);
    }

    private Record newRun(Rule rule, Firing firing, RunStatus status, int attempts, int nextAction, List<String> log, String error) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("rule", rule.id());
        values.put("runKey", firing.runKey());
        values.put("recordType", firing.record().getType());
        values.put("recordId", firing.record().getId());
        values.put("cause", abbreviate(firing.cause(), 500));
        values.put("status", status.label);
        values.put("depth", firing.depth());
        values.put("attempts", attempts);
        values.put("nextAction", nextAction);
        values.put("log", String.join("\n", log));
        values.put("error", error == null ? null : abbreviate(error, 1000));
        if (status != RunStatus.RETRYING) {
            values.put("finishedAt", Instant.now().toString());
        }
        values.put("context", contextJson(firing));
        try {
            return records.create(Actor.system(), RuleTypes.RUN, values);
        } catch (ValidationException e) {
            // Another node recorded the same firing a moment ago (the run key is unique): that run is the run.
            return runByKey(firing.runKey()).orElseThrow(() -> e);
        }
    }

    private RunStatus finish(Rule rule, Firing firing, Record run, RunStatus status, int attempts, int nextAction, List<String> log, String error) {
        kept(rule, firing, run, status, attempts, nextAction, log, error);
        return status;
    }

    /** Keeps how the run stands: a new run's record, or its record updated; returns the run's id. */
    private String kept(Rule rule, Firing firing, Record run, RunStatus status, int attempts, int nextAction, List<String> log, String error) {
        if (run == null) {
            return newRun(rule, firing, status, attempts, nextAction, log, error).getId();
        }
        update(run, status, attempts, nextAction, log, error);
        return run.getId();
    }

    private void update(Record run, RunStatus status, int attempts, int nextAction, List<String> log, String error) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("status", status.label);
        changes.put("attempts", attempts);
        changes.put("nextAction", nextAction);
        changes.put("log", String.join("\n", log));
        changes.put("error", error == null ? null : abbreviate(error, 1000));
        changes.put("finishedAt", status == RunStatus.RETRYING ? null : Instant.now().toString());
        records.update(Actor.system(), RuleTypes.RUN, run.getId(), run.getVersion(), changes);
    }

    private AutomationContext context(Rule rule, Firing firing, Rule.Step step) {
        RecordChange change = new RecordChange(firing.kind(), firing.record(), firing.actorId(), firing.changedFields());
        return new AutomationContext() {
            @Override
            public RecordChange trigger() {
                return change;
            }

            @Override
            public Map<String, Object> parameters() {
                return step.parameters();
            }

            @Override
            public Actor actor() {
                return rule.actor();
            }

            @Override
            public Map<String, Object> previousValues() {
                return firing.previousValues();
            }

            @Override
            public String ruleName() {
                return rule.name();
            }

            @Override
            public String event() {
                return firing.event();
            }

            @Override
            public Map<String, Object> eventData() {
                return firing.eventData();
            }
        };
    }

    /** What a retry needs besides the record as it is then: the change, the event, and for a deletion the record as it was. */
    private String contextJson(Firing firing) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("kind", firing.kind());
        context.put("actor", firing.actorId());
        context.put("changed", firing.changedFields());
        context.put("previous", firing.previousValues());
        context.put("event", firing.event());
        context.put("eventData", firing.eventData());
        context.put("depth", firing.depth());
        if (firing.kind().equals("DELETED")) {
            context.put("record", firing.record().asMap());
        }
        try {
            return json.writeValueAsString(context);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Optional<Firing> firing(Record run) {
        Map<String, Object> context;
        try {
            context = json.readValue((String) run.get("context"), Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Rule run " + run.getId() + " keeps an unreadable context", e);
        }
        Record record;
        if (context.get("record") instanceof Map<?, ?> deleted) {
            record = RecordValues.record((String) run.get("recordType"), (Map<String, Object>) deleted);
        } else {
            try {
                record = records.get(Actor.system(), (String) run.get("recordType"), (String) run.get("recordId"));
            } catch (RecordNotFoundException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new Firing((String) run.get("runKey"), (String) run.get("cause"), (String) context.get("kind"), record,
                (String) context.get("actor"), new HashSet<>((List<String>) context.getOrDefault("changed", List.of())),
                (Map<String, Object>) context.getOrDefault("previous", Map.of()), (String) context.get("event"),
                (Map<String, Object>) context.getOrDefault("eventData", Map.of()), ((Number) context.getOrDefault("depth", 0)).intValue()));
    }

    private static RunStatus status(Record run) {
        return java.util.Arrays.stream(RunStatus.values()).filter(s -> s.label.equals(run.get("status"))).findFirst().orElse(RunStatus.DONE);
    }

    private static List<String> lines(Object log) {
        return log == null || log.toString().isEmpty() ? List.of() : List.of(log.toString().split("\n"));
    }

    private static IllegalStateException notInstalled(String what, String id) {
        return new IllegalStateException("the " + what + " '" + id + "' is not installed");
    }

    private static String abbreviate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
