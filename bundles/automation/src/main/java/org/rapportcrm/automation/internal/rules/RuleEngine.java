package org.rapportcrm.automation.internal.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.platform.api.outbox.OutboxConsumer;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Runs the workflow rules on every committed record change, in commit order, from the durable outbox: a change that
 * committed is never missed, one that rolled back never fires a rule, and the writer's request waits for none of it.
 * Immediate rules run here, in their order; a date-based rule's time is (re)scheduled on the clustered scheduler.
 *
 * <p>Loop protection: a rule never fires on a change it made itself, and a chain of changes made by rules stops after
 * {@link RulesConfig#maxChainDepth()} links, with a skipped run saying so. The depth of a chain is kept in memory per
 * rule, so after a failover a chain may run up to that many links once more.
 */
@Component(service = OutboxConsumer.class, configurationPid = RulesConfig.PID)
@Designate(ocd = RulesConfig.class)
public class RuleEngine implements OutboxConsumer {
    static final String NAME = "automation.rules";
    private final ActiveRules rules;
    private final RuleRunner runner;
    private final RecordService records;
    private final RuleTimers timers;
    private final int maxDepth;
    /** The chain depth of each rule's latest firing: a change a rule makes is one link deeper. */
    private final Map<String, Integer> depthOfRule = new ConcurrentHashMap<>();

    @Activate
    public RuleEngine(@Reference ActiveRules rules, @Reference RuleRunner runner, @Reference RecordService records,
            @Reference RuleTimers timers, RulesConfig config) {
        this.rules = rules;
        this.runner = runner;
        this.records = records;
        this.timers = timers;
        this.maxDepth = config.maxChainDepth();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(); // rules may be written for any type, at any time
    }

    @Override
    public void consume(List<OutboxEntry> batch) {
        for (OutboxEntry entry : batch) {
            if (entry.recordType().equals(RuleTypes.RULE)) {
                rules.forget(); // later entries meet the rules as they are after this change
                continue;
            }
            List<Rule> candidates = rules.forType(entry.recordType());
            if (!candidates.isEmpty()) {
                evaluate(entry, candidates);
            }
        }
    }

    private void evaluate(OutboxEntry entry, List<Rule> candidates) {
        Optional<Rule> madeBy = Optional.ofNullable(entry.actorId()).flatMap(rules::byId);
        int depth = madeBy.map(r -> depthOfRule.getOrDefault(r.id(), 0) + 1).orElse(0);
        Record record = null;
        for (Rule rule : candidates) {
            if (rule.trigger() == Trigger.DATE_REACHED) {
                timers.onChange(rule, entry);
                continue;
            }
            if (madeBy.isPresent() && madeBy.get().id().equals(rule.id())
                    || !rule.firesOn(entry.kind(), entry.changedFields(), entry.values(), entry.previousValues())
                    || !rule.conditionHolds(entry.values(), entry.previousValues())) {
                continue;
            }
            if (record == null) {
                record = current(entry);
            }
            Firing firing = new Firing(rule.id() + ":" + entry.sequence(), cause(entry, madeBy), entry.kind(), record, entry.actorId(),
                    entry.changedFields(), entry.previousValues(), null, Map.of(), depth);
            if (depth > maxDepth) {
                runner.skip(rule, firing, "Loop protection: this change is link " + depth + " of a chain of changes made by rules (at most "
                        + maxDepth + "); the rule was not run");
                continue;
            }
            depthOfRule.put(rule.id(), depth);
            runner.run(rule, firing);
        }
    }

    /** The record as it is now, typed; for a deletion (or one deleted since), as the change left it. */
    private Record current(OutboxEntry entry) {
        if (!entry.kind().equals("DELETED")) {
            try {
                return records.get(Actor.system(), entry.recordType(), entry.recordId());
            } catch (RecordNotFoundException e) {
                // deleted since: its values as the change left them
            }
        }
        return RecordValues.record(entry.recordType(), entry.values());
    }

    private static String cause(OutboxEntry entry, Optional<Rule> madeBy) {
        String kind = switch (entry.kind()) {
            case "CREATED" -> "Created";
            case "DELETED" -> "Deleted";
            default -> "Updated" + (entry.changedFields().isEmpty() ? "" : " (" + String.join(", ", entry.changedFields().stream().sorted().toList()) + ")");
        };
        return kind + madeBy.map(r -> " by rule '" + r.name() + "'").orElse(entry.actorId() == null ? "" : " by user " + entry.actorId());
    }

    /** A date or date-time value as the instant it stands for (a date at midnight UTC), or null. */
    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof LocalDate d) {
            return d.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        String text = value.toString();
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
