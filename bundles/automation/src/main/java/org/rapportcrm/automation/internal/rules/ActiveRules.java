package org.rapportcrm.automation.internal.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordChangeListener;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active rules by record type, in the order they run, read once and kept until a rule changes: on this node the
 * change is heard at once; another node's change is read within {@link #STALE_AFTER}.
 */
@Component(service = {ActiveRules.class, RecordChangeListener.class})
public class ActiveRules implements RecordChangeListener {
    static final Duration STALE_AFTER = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ActiveRules.class);
    private static final Comparator<Rule> RUN_ORDER = Comparator.comparingLong(Rule::order).thenComparing(Rule::name).thenComparing(Rule::id);
    private final RecordService records;
    private final RuleParser parser;
    private volatile Snapshot snapshot;

    private record Snapshot(Map<String, List<Rule>> byType, Map<String, Rule> byId, long readAt) {
    }

    @Activate
    public ActiveRules(@Reference RecordService records, @Reference RuleParser parser) {
        this.records = records;
        this.parser = parser;
    }

    /** The active rules on a type, in run order. */
    List<Rule> forType(String recordType) {
        return current().byType().getOrDefault(recordType, List.of());
    }

    /** Whether an active rule on the type starts from the event. */
    boolean startFrom(String recordType, String eventTriggerId) {
        return forType(recordType).stream().anyMatch(r -> r.startsFrom(eventTriggerId));
    }

    Optional<Rule> byId(String id) {
        return Optional.ofNullable(current().byId().get(id));
    }

    /** Reads the rules again at the next question (a rule changed). */
    void forget() {
        snapshot = null;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(RuleTypes.RULE);
    }

    @Override
    public void onChange(RecordChange change) {
        forget();
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        if (s == null || System.nanoTime() - s.readAt() > STALE_AFTER.toNanos()) {
            s = read();
            snapshot = s;
        }
        return s;
    }

    private Snapshot read() {
        Map<String, List<Rule>> byType = new HashMap<>();
        Map<String, Rule> byId = new HashMap<>();
        long readAt = System.nanoTime();
        records.forEach(Actor.system(), Query.of(RuleTypes.RULE).where(Filter.eq("active", true)).limit(Query.MAX_LIMIT), record -> {
            parsed(record).ifPresent(rule -> {
                byType.computeIfAbsent(rule.recordType(), t -> new ArrayList<>()).add(rule);
                byId.put(rule.id(), rule);
            });
        });
        byType.values().forEach(rules -> rules.sort(RUN_ORDER));
        return new Snapshot(byType, byId, readAt);
    }

    /** A rule that no longer reads (its record type was removed with its capability) is left out, with a warning. */
    Optional<Rule> parsed(Record record) {
        try {
            return Optional.of(parser.parse(record.getId(), record.getValues(), false));
        } catch (ValidationException e) {
            LOG.warn("Workflow rule '{}' ({}) is not run: {}", record.get("name"), record.getId(), e.getMessage());
            return Optional.empty();
        }
    }
}
