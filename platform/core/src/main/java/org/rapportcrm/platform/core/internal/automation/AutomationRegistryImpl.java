package org.rapportcrm.platform.core.internal.automation;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapportcrm.platform.api.automation.AutomationAction;
import org.rapportcrm.platform.api.automation.AutomationCondition;
import org.rapportcrm.platform.api.automation.AutomationRegistry;
import org.rapportcrm.platform.api.automation.AutomationTrigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Collects the automation actions, conditions and triggers on the whiteboard, by id; the first to claim an id keeps it. */
@Component
public class AutomationRegistryImpl implements AutomationRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(AutomationRegistryImpl.class);
    private final Map<String, AutomationAction> actions = new ConcurrentHashMap<>();
    private final Map<String, AutomationCondition> conditions = new ConcurrentHashMap<>();
    private final Map<String, AutomationTrigger> triggers = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void addAction(AutomationAction action) {
        claim(actions, action.id(), action, "action");
    }

    public void removeAction(AutomationAction action) {
        actions.remove(action.id(), action);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void addCondition(AutomationCondition condition) {
        claim(conditions, condition.id(), condition, "condition");
    }

    public void removeCondition(AutomationCondition condition) {
        conditions.remove(condition.id(), condition);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void addTrigger(AutomationTrigger trigger) {
        claim(triggers, trigger.id(), trigger, "trigger");
    }

    public void removeTrigger(AutomationTrigger trigger) {
        triggers.remove(trigger.id(), trigger);
    }

    @Override
    public List<AutomationAction> actions() {
        return sorted(actions, AutomationAction::id);
    }

    @Override
    public List<AutomationCondition> conditions() {
        return sorted(conditions, AutomationCondition::id);
    }

    @Override
    public Optional<AutomationAction> action(String id) {
        return Optional.ofNullable(actions.get(id));
    }

    @Override
    public Optional<AutomationCondition> condition(String id) {
        return Optional.ofNullable(conditions.get(id));
    }

    @Override
    public List<AutomationTrigger> triggers() {
        return sorted(triggers, AutomationTrigger::id);
    }

    @Override
    public Optional<AutomationTrigger> trigger(String id) {
        return Optional.ofNullable(triggers.get(id));
    }

    private static <T> void claim(Map<String, T> map, String id, T contribution, String kind) {
        T before = map.putIfAbsent(id, contribution);
        if (before != null && before != contribution) {
            LOG.error("Two automation {}s claim the id {}: {} and {}; keeping the first", kind, id, before, contribution);
        }
    }

    private static <T> List<T> sorted(Map<String, T> map, Function<T, String> id) {
        return map.values().stream().sorted(Comparator.comparing(id)).toList();
    }
}
