package org.rapportcrm.platform.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.automation.AutomationRegistry;
import org.rapportcrm.platform.api.metadata.FieldDefinition;

/** {@code GET /api/v1/automation}: the actions, conditions and triggers rules can use, with their parameters. */
final class AutomationResource {
    private final AutomationRegistry registry;

    AutomationResource(AutomationRegistry registry) {
        this.registry = registry;
    }

    List<RestRoute> routes() {
        JsonSchema trigger = JsonSchema.object().openProperties().property("id", JsonSchema.string()).property("label", JsonSchema.string())
                .property("recordTypes", JsonSchema.array(JsonSchema.string())).required("id", "label", "recordTypes");
        JsonSchema entry = JsonSchema.object().openProperties().property("id", JsonSchema.string()).property("label", JsonSchema.string())
                .property("parameters", JsonSchema.array(JsonSchema.ref(Schemas.FIELD))).required("id", "label", "parameters");
        return List.of(RestRoute.get("automation").summary("The actions, conditions and capability triggers workflow rules can use")
                .response(200, "Actions and conditions with their parameters, and the triggers capabilities offer", JsonSchema.object().openProperties()
                        .property("actions", JsonSchema.array(entry)).property("conditions", JsonSchema.array(entry))
                        .property("triggers", JsonSchema.array(trigger))
                        .required("actions", "conditions", "triggers"))
                .handler(ex -> ex.send(200, Map.of(
                "actions", registry.actions().stream().map(a -> describe(a.id(), a.label(), a.parameters())).toList(),
                "conditions", registry.conditions().stream().map(c -> describe(c.id(), c.label(), c.parameters())).toList(),
                "triggers", registry.triggers().stream().map(t -> Map.of("id", t.id(), "label", t.label(),
                        "recordTypes", t.recordTypes().stream().sorted().toList())).toList()))));
    }

    private static Map<String, Object> describe(String id, String label, List<FieldDefinition> parameters) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("label", label);
        m.put("parameters", parameters);
        return m;
    }
}
