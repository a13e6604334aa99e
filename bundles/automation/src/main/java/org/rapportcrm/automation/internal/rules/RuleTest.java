package org.rapportcrm.automation.internal.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * {@code POST /api/v1/workflowRules/{id}/test} with {@code {"recordId": "..."}}: what the rule would do to that record as
 * it is now (its condition, then each action described), changing nothing. The caller must be able to read the record.
 */
@Component(service = RecordAction.class)
public class RuleTest implements RecordAction {
    private final RecordService records;
    private final ActiveRules rules;
    private final RuleRunner runner;

    @Activate
    public RuleTest(@Reference RecordService records, @Reference ActiveRules rules, @Reference RuleRunner runner) {
        this.records = records;
        this.rules = rules;
        this.runner = runner;
    }

    @Override
    public String recordType() {
        return RuleTypes.RULE;
    }

    @Override
    public String name() {
        return "test";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.post("").summary("What the rule would do to a record as it is now, changing nothing (test mode)")
                .requestBody(JsonSchema.object().property("recordId", JsonSchema.string().maxLength(36).description("the record to try the rule on"))
                        .required("recordId"))
                .response(200, "Whether the rule's condition holds for the record, and what each action would do", JsonSchema.object()
                        .property("conditionHolds", JsonSchema.bool())
                        .property("wouldDo", JsonSchema.array(JsonSchema.string()))
                        .required("conditionHolds", "wouldDo"))
                .handler(ex -> {
                    Record ruleRecord = records.get(ex.actor(), RuleTypes.RULE, ex.pathParameter("id"));
                    Rule rule = rules.parsed(ruleRecord).orElseThrow(() -> new ValidationException("actions", "invalid",
                            "the rule cannot run as it is saved; save it again to see what is wrong"));
                    if (!(ex.body().get("recordId") instanceof String recordId) || recordId.isBlank()) {
                        throw new ValidationException(List.of(new FieldError("recordId", "required", "name the record to try the rule on")));
                    }
                    Record record = records.get(ex.actor(), rule.recordType(), recordId);
                    boolean holds = rule.conditionHolds(record.asMap(), Map.of());
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("conditionHolds", holds);
                    try {
                        result.put("wouldDo", holds ? runner.describe(rule, Firing.of("test", "Test", record, null, Map.of())) : List.of());
                    } catch (Exception e) {
                        throw new ValidationException("actions", "failed", "an action cannot run: " + e.getMessage());
                    }
                    ex.send(200, result);
                }));
    }
}
