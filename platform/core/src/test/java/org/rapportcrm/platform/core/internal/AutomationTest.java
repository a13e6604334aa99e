package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.automation.AutomationCondition;
import org.rapportcrm.platform.api.automation.AutomationContext;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.automation.AutomationRegistryImpl;
import org.rapportcrm.platform.core.internal.automation.FieldConditions;

class AutomationTest {
    private final AutomationRegistryImpl registry = new AutomationRegistryImpl();

    private static AutomationContext context(String kind, Map<String, Object> values, Set<String> changed, Map<String, Object> parameters) {
        Record r = new Record("account", "a1", 2, "u1", Instant.EPOCH, Instant.EPOCH, "u1", "u1", new HashMap<>(values));
        RecordChange change = new RecordChange(kind, r, "u1", changed);
        return AutomationContexts.of(change, parameters, Actor.system(), "test");
    }

    private AutomationCondition condition(String id) {
        return registry.condition(id).orElseThrow();
    }

    @Test
    void theRegistryListsContributionsByIdAndForgetsThemWhenTheyGo() {
        List<AutomationCondition> platform = platformConditions();
        platform.forEach(registry::addCondition);
        assertEquals(List.of("record.field-changed", "record.field-equals"), registry.conditions().stream().map(AutomationCondition::id).toList());
        registry.removeCondition(platform.get(0));
        assertEquals(1, registry.conditions().size());
    }

    @Test
    void fieldEqualsComparesTheValueAsText() throws Exception {
        platformConditions().forEach(registry::addCondition);
        AutomationCondition equals = condition("record.field-equals");
        Map<String, Object> values = Map.of("accountType", "Customer", "annualRevenue", new Money(new BigDecimal("12.50"), "EUR"));
        assertTrue(equals.test(context(RecordEvents.UPDATED, values, Set.of(), Map.of("field", "accountType", "value", "Customer"))));
        assertTrue(equals.test(context(RecordEvents.UPDATED, values, Set.of(), Map.of("field", "annualRevenue", "value", "12.50 EUR"))));
        assertFalse(equals.test(context(RecordEvents.UPDATED, values, Set.of(), Map.of("field", "accountType", "value", "Partner"))));
        Map<String, Object> noValue = new HashMap<>();
        noValue.put("field", "industry");
        noValue.put("value", null);
        assertTrue(equals.test(context(RecordEvents.UPDATED, values, Set.of(), noValue)), "no value matches an empty field");
    }

    @Test
    void fieldChangedLooksAtWhatTheChangeSet() throws Exception {
        platformConditions().forEach(registry::addCondition);
        AutomationCondition changed = condition("record.field-changed");
        Map<String, Object> values = Map.of("accountType", "Customer");
        assertTrue(changed.test(context(RecordEvents.UPDATED, values, Set.of("accountType"), Map.of("field", "accountType"))));
        assertFalse(changed.test(context(RecordEvents.UPDATED, values, Set.of("city"), Map.of("field", "accountType"))));
        assertTrue(changed.test(context(RecordEvents.CREATED, values, Set.of(), Map.of("field", "accountType"))), "a new record sets its values");
        assertFalse(changed.test(context(RecordEvents.CREATED, values, Set.of(), Map.of("field", "industry"))));
    }

    private static List<AutomationCondition> platformConditions() {
        return List.of(new FieldConditions.FieldChanged(), new FieldConditions.FieldEquals());
    }
}
