package org.rapportcrm.automation.internal.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.automation.AutomationRegistry;
import org.rapportcrm.platform.api.automation.AutomationTrigger;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.schedule.TaskScheduler;

/**
 * A capability tells rules of its event: kept as a task before the call returns when a rule starts from it, refused
 * when it makes no sense.
 */
class RuleEventsTest {
    private final List<Object[]> scheduled = new ArrayList<>();
    private final AutomationTrigger breached = new AutomationTrigger() {
        @Override
        public String id() {
            return "service.sla-breached";
        }

        @Override
        public String label() {
            return "SLA breached";
        }

        @Override
        public Set<String> recordTypes() {
            return Set.of("case");
        }
    };
    private final RuleEvents events = new RuleEvents(fake(AutomationRegistry.class, (name, args) -> switch (name) {
        case "trigger" -> Optional.of(breached).filter(t -> t.id().equals(args[0]));
        default -> throw new UnsupportedOperationException(name);
    }), fake(TaskScheduler.class, (name, args) -> {
        scheduled.add(args);
        return null;
    }), null, new ActiveRules(null, null) {
        @Override
        boolean startFrom(String recordType, String eventTriggerId) {
            return listened;
        }
    }, null);
    private boolean listened = true;

    private static Record record(String type) {
        return new Record(type, "c1", 1, "u1", Instant.EPOCH, Instant.EPOCH, "u1", "u1", Map.of());
    }

    @Test
    void anEventIsKeptAsATaskWithWhatRulesNeed() {
        events.fire("service.sla-breached", record("case"), Map.of("clock", "resolution"));
        assertEquals(1, scheduled.size());
        assertEquals(RuleEvents.EVENT, scheduled.get(0)[0]);
        assertEquals(Map.of("trigger", "service.sla-breached", "recordType", "case", "recordId", "c1", "data", Map.of("clock", "resolution")),
                scheduled.get(0)[3]);
    }

    @Test
    void anEventNoActiveRuleStartsFromIsNotKept() {
        listened = false;
        events.fire("service.sla-breached", record("case"), Map.of("clock", "resolution"));
        assertEquals(0, scheduled.size(), "no task that would run no rule");
        assertThrows(IllegalArgumentException.class, () -> events.fire("service.nothing", record("case"), Map.of()), "still refused");
    }

    @Test
    void anUnknownEventOrOneOfAnotherTypeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> events.fire("service.nothing", record("case"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> events.fire("service.sla-breached", record("account"), Map.of()));
        assertEquals(0, scheduled.size());
    }

    private interface Call {
        Object answer(String method, Object[] args);
    }

    private static <T> T fake(Class<T> type, Call call) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> call.answer(method.getName(), args)));
    }
}
