package org.rapportcrm.automation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.Configs;

/** The demo subscription: made once, switched off, and switched on only where local receivers are allowed. */
class WebhookDemoDataTest {
    @Test
    void demoDataMakesOneInactiveSubscriptionToALocalReceiverThatCannotBeSwitchedOnUnlessAllowed() throws Exception {
        try (WebhooksFixture hooks = new WebhooksFixture(Map.of("allowPrivateAddresses", false))) {
            WebhookDemoData demo = new WebhookDemoData(hooks.core.records, hooks.core.tasks,
                    Configs.of(org.rapportcrm.automation.internal.rules.DemoRules.Config.class, Map.of("enabled", true)));
            hooks.core.tasks.runAll(demo);
            hooks.core.tasks.runAll(demo);
            new WebhookDemoData(hooks.core.records, hooks.core.tasks, Configs.of(org.rapportcrm.automation.internal.rules.DemoRules.Config.class, Map.of("enabled", true)));
            hooks.core.tasks.runAll(demo);

            List<Record> webhooks = hooks.core.records.query(Actor.system(), Query.of(WebhookTypes.WEBHOOK)).items();
            assertEquals(1, webhooks.size());
            Record subscription = webhooks.get(0);
            assertEquals(WebhookDemoData.NAME, subscription.get("name"));
            assertEquals(false, subscription.get("active"));

            ValidationException refused = assertThrows(ValidationException.class, () -> hooks.core.records.update(Actor.system(),
                    WebhookTypes.WEBHOOK, subscription.getId(), subscription.getVersion(), Map.of("active", true)));
            assertEquals("url", refused.getErrors().get(0).field());
        }
    }
}
