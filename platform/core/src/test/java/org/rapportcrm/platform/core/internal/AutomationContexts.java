package org.rapportcrm.platform.core.internal;

import java.util.Map;
import org.rapportcrm.platform.api.automation.AutomationContext;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.security.Actor;

/** A rule's firing as an action or condition sees it, for their unit tests: a record change, no previous values. */
public final class AutomationContexts {
    private AutomationContexts() {
    }

    public static AutomationContext of(RecordChange change, Map<String, Object> parameters, Actor actor, String ruleName) {
        return new AutomationContext() {
            @Override
            public RecordChange trigger() {
                return change;
            }

            @Override
            public Map<String, Object> parameters() {
                return parameters;
            }

            @Override
            public Actor actor() {
                return actor;
            }

            @Override
            public Map<String, Object> previousValues() {
                return Map.of();
            }

            @Override
            public String ruleName() {
                return ruleName;
            }

            @Override
            public String event() {
                return null;
            }

            @Override
            public Map<String, Object> eventData() {
                return Map.of();
            }
        };
    }
}
