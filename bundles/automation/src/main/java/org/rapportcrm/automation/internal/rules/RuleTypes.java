package org.rapportcrm.automation.internal.rules;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;

/**
 * Workflow rules and their run history: settings (administrators only), served by the generic record machinery at
 * {@code /api/v1/workflowRules} and {@code /api/v1/workflowRuleRuns}.
 */
@Component
public class RuleTypes implements RecordTypeProvider {
    public static final String RULE = "workflowRule";
    public static final String RUN = "workflowRuleRun";

    static final RecordType RULES = new RecordType(RULE, "workflowRules", "Workflow rule", "Workflow rules", "name", List.of(
            builder("name", FieldType.TEXT).label("Name").required(true).maxLength(200).build(),
            builder("recordType", FieldType.TEXT).label("Record type (api name)").required(true).maxLength(64).build(),
            builder("trigger", FieldType.PICKLIST).label("When").required(true).picklistValues(Trigger.labels()).build(),
            builder("triggerField", FieldType.TEXT).label("Field (changed, or the date)").maxLength(64).build(),
            builder("fromValue", FieldType.TEXT).label("Changed from (empty: any)").maxLength(500).build(),
            builder("toValue", FieldType.TEXT).label("Changed to (empty: any)").maxLength(500).build(),
            builder("offsetMinutes", FieldType.INTEGER).label("Minutes after the date (negative: before)").build(),
            builder("everyMinutes", FieldType.INTEGER).label("Every (minutes), for a schedule").build(),
            builder("event", FieldType.TEXT).label("Capability event (trigger id)").maxLength(100).build(),
            builder("condition", FieldType.TEXT).label("Only if (filter; previous.<field> for the value before)").maxLength(2000).build(),
            builder("checks", FieldType.LONG_TEXT).label("Also only if (conditions of capabilities, as JSON)").build(),
            builder("actions", FieldType.LONG_TEXT).label("Actions (JSON)").required(true).build(),
            builder("runOrder", FieldType.INTEGER).label("Order (lower runs first)").defaultValue(100L).build(),
            builder("active", FieldType.BOOLEAN).label("Active").defaultValue(true).build(),
            builder("description", FieldType.LONG_TEXT).label("Description").build()))
            .withKind(RecordType.Kind.CONFIGURATION);

    static final RecordType RUNS = new RecordType(RUN, "workflowRuleRuns", "Rule run", "Rule runs", "runKey", List.of(
            builder("rule", FieldType.REFERENCE).label("Rule").referenceTo(RULE).required(true).build(),
            // What fired the rule, once: a repeated outbox batch or task run finds its run by this key.
            builder("runKey", FieldType.TEXT).label("Run key").maxLength(200).unique(true).required(true).build(),
            builder("recordType", FieldType.TEXT).label("Record type").maxLength(64).build(),
            builder("recordId", FieldType.TEXT).label("Record id").maxLength(36).indexed(true).build(),
            builder("cause", FieldType.TEXT).label("Cause").maxLength(500).build(),
            builder("status", FieldType.PICKLIST).label("Status").picklistValues(RunStatus.labels()).build(),
            builder("depth", FieldType.INTEGER).label("Changes by rules before this one").defaultValue(0L).build(),
            builder("attempts", FieldType.INTEGER).label("Attempts").defaultValue(0L).build(),
            builder("nextAction", FieldType.INTEGER).label("Actions done").defaultValue(0L).build(),
            builder("log", FieldType.LONG_TEXT).label("What it did").build(),
            builder("error", FieldType.TEXT).label("Error").maxLength(1000).build(),
            builder("finishedAt", FieldType.DATE_TIME).label("Finished").build(),
            builder("context", FieldType.LONG_TEXT).label("What it ran with (JSON)").build()))
            .childOf("rule").withKind(RecordType.Kind.CONFIGURATION);

    @Override
    public List<RecordType> recordTypes() {
        return List.of(RULES, RUNS);
    }
}
