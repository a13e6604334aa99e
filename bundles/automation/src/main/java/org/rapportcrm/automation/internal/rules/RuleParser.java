package org.rapportcrm.automation.internal.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.automation.AutomationAction;
import org.rapportcrm.platform.api.automation.AutomationCondition;
import org.rapportcrm.platform.api.automation.AutomationRegistry;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.RecordFilters;
import org.rapportcrm.platform.api.query.RecordPredicate;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.ValidationException;

/**
 * Reads a rule from its record's values, checking everything a person can get wrong, field by field: the record type
 * and fields it names, its filter, its JSON steps and their settings against what the installed capabilities offer.
 */
@Component(service = RuleParser.class)
public class RuleParser {
    static final long SMALLEST_INTERVAL_MINUTES = 5;
    private final MetadataService metadata;
    private final RecordFilters filters;
    private final AutomationRegistry registry;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Activate
    public RuleParser(@Reference MetadataService metadata, @Reference RecordFilters filters, @Reference AutomationRegistry registry) {
        this.metadata = metadata;
        this.filters = filters;
        this.registry = registry;
    }

    /**
     * @param strict whether steps of capabilities that are not installed are refused (when saving) or kept, to fail
     *     when run (a rule of a capability being upgraded)
     * @throws ValidationException naming every field in error
     */
    Rule parse(String id, Map<String, Object> values, boolean strict) {
        List<FieldError> errors = new ArrayList<>();
        String typeName = text(values, "recordType");
        Optional<RecordType> type = Optional.ofNullable(typeName).flatMap(metadata::type);
        if (type.isEmpty()) {
            errors.add(new FieldError("recordType", "notFound", "there is no record type '" + typeName + "'"));
            throw new ValidationException(errors);
        }
        Trigger trigger = Trigger.of(values.get("trigger")).orElse(null);
        if (trigger == null) {
            errors.add(new FieldError("trigger", "picklist", "must be one of " + Trigger.labels()));
            throw new ValidationException(errors);
        }
        String field = text(values, "triggerField");
        RecordPredicate change = null;
        Long offset = number(values, "offsetMinutes");
        Long every = number(values, "everyMinutes");
        String event = text(values, "event");
        switch (trigger) {
            case FIELD_CHANGED -> {
                if (requireField(type.get(), field, errors)) {
                    change = changeTest(type.get(), field, text(values, "fromValue"), text(values, "toValue"), errors);
                }
            }
            case DATE_REACHED -> {
                if (requireField(type.get(), field, errors)) {
                    FieldType ft = type.get().field(field).map(FieldDefinition::getType).orElse(FieldType.DATE_TIME);
                    if (ft != FieldType.DATE && ft != FieldType.DATE_TIME && !field.equals("createdAt") && !field.equals("updatedAt")) {
                        errors.add(new FieldError("triggerField", "type", "'" + field + "' is not a date or date-time field"));
                    }
                }
                offset = offset == null ? 0L : offset;
            }
            case SCHEDULE -> {
                if (every == null || every < SMALLEST_INTERVAL_MINUTES) {
                    errors.add(new FieldError("everyMinutes", "range", "a scheduled rule runs every " + SMALLEST_INTERVAL_MINUTES + " minutes or more"));
                }
            }
            case EVENT -> {
                if (event == null) {
                    errors.add(new FieldError("event", "required", "name the capability event the rule starts from"));
                } else if (strict && registry.trigger(event).isEmpty()) {
                    errors.add(new FieldError("event", "notFound", "no installed capability offers the event '" + event
                            + "' (see GET /api/v1/automation)"));
                } else if (registry.trigger(event).map(t -> !t.recordTypes().isEmpty() && !t.recordTypes().contains(typeName)).orElse(false)) {
                    errors.add(new FieldError("event", "type", "the event '" + event + "' does not happen to " + typeName + " records"));
                }
            }
            default -> {
            }
        }
        RecordPredicate condition = null;
        String filter = text(values, "condition");
        if (filter != null) {
            try {
                condition = filters.compile(typeName, filter);
                if (condition.readsPreviousValues() && !trigger.onChange()) {
                    errors.add(new FieldError("condition", "filter", "previous values exist only for record changes, not for a "
                            + trigger.label.toLowerCase(java.util.Locale.ROOT)));
                }
            } catch (InvalidQueryException e) {
                errors.add(new FieldError("condition", "filter", e.getMessage()));
            }
        }
        List<Rule.Step> checks = steps(values, "checks", false, strict, type.get(), errors);
        List<Rule.Step> actions = steps(values, "actions", true, strict, type.get(), errors);
        ValidationException.throwIfAny(errors);
        Long order = number(values, "runOrder");
        return new Rule(id, text(values, "name"), typeName, trigger, field, change, condition, filter, offset, every, event, checks, actions,
                order == null ? 100 : order);
    }

    private static boolean requireField(RecordType type, String field, List<FieldError> errors) {
        if (field == null) {
            errors.add(new FieldError("triggerField", "required", "name the field"));
            return false;
        }
        if (type.field(field).isEmpty() && !field.equals("owner") && !field.equals("createdAt") && !field.equals("updatedAt")) {
            errors.add(new FieldError("triggerField", "notFound", type.getApiName() + " has no field '" + field + "'"));
            return false;
        }
        return true;
    }

    /** "Changed from X to Y" is the filter {@code previous.f eq 'X' and f eq 'Y'}, checked and run like any filter. */
    private RecordPredicate changeTest(RecordType type, String field, String from, String to, List<FieldError> errors) {
        List<String> parts = new ArrayList<>();
        if (from != null) {
            parts.add(RecordFilters.PREVIOUS + field + " eq " + quoted(from));
        }
        if (to != null) {
            parts.add(field + " eq " + quoted(to));
        }
        if (parts.isEmpty()) {
            return null; // any change of the field
        }
        try {
            return filters.compile(type.getApiName(), String.join(" and ", parts));
        } catch (InvalidQueryException e) {
            errors.add(new FieldError(from != null && to == null ? "fromValue" : "toValue", "value",
                    e.getMessage().replace("filter: ", "")));
            return null;
        }
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private List<Rule.Step> steps(Map<String, Object> values, String field, boolean actions, boolean strict, RecordType type, List<FieldError> errors) {
        String text = text(values, field);
        if (text == null) {
            if (actions) {
                errors.add(new FieldError(field, "required", "a rule needs at least one action"));
            }
            return List.of();
        }
        List<?> list;
        try {
            Object parsed = json.readValue(text, Object.class);
            if (!(parsed instanceof List<?> l)) {
                errors.add(new FieldError(field, "format", "must be a JSON array of {\"" + stepKey(actions) + "\": ..., \"parameters\": {...}}"));
                return List.of();
            }
            list = l;
        } catch (JsonProcessingException e) {
            errors.add(new FieldError(field, "format", "is not valid JSON: " + e.getOriginalMessage()));
            return List.of();
        }
        if (actions && list.isEmpty()) {
            errors.add(new FieldError(field, "required", "a rule needs at least one action"));
        }
        List<Rule.Step> steps = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = field + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m) || !(m.get(stepKey(actions)) instanceof String id)) {
                errors.add(new FieldError(where, "format", "must be an object with \"" + stepKey(actions) + "\" naming one (see GET /api/v1/automation)"));
                continue;
            }
            Map<String, Object> parameters = new LinkedHashMap<>();
            if (m.get("parameters") instanceof Map<?, ?> p) {
                p.forEach((k, v) -> parameters.put(String.valueOf(k), v));
            } else if (m.get("parameters") != null) {
                errors.add(new FieldError(where + ".parameters", "format", "must be an object"));
                continue;
            }
            Optional<List<FieldDefinition>> declared = actions
                    ? registry.action(id).map(a -> checked(a, type, parameters, where, errors))
                    : registry.condition(id).map(AutomationCondition::parameters);
            if (declared.isEmpty()) {
                if (strict) {
                    errors.add(new FieldError(where, "notFound", "no installed capability offers the " + (actions ? "action" : "condition")
                            + " '" + id + "' (see GET /api/v1/automation)"));
                }
                steps.add(new Rule.Step(id, parameters));
                continue;
            }
            steps.add(new Rule.Step(id, converted(declared.get(), parameters, where, errors)));
        }
        return steps;
    }

    private static String stepKey(boolean actions) {
        return actions ? "action" : "condition";
    }

    /** Built-in actions check their settings against the rule's record type (the fields to set exist, ...). */
    private static List<FieldDefinition> checked(AutomationAction action, RecordType type, Map<String, Object> parameters, String where, List<FieldError> errors) {
        if (action instanceof RuleAwareAction aware) {
            aware.check(type, parameters).forEach(e -> errors.add(new FieldError(where + ".parameters" + (e.field().isEmpty() ? "" : "." + e.field()),
                    e.code(), e.message())));
        }
        return action.parameters();
    }

    /** The settings in the types the step declares; required ones present. */
    private static Map<String, Object> converted(List<FieldDefinition> declared, Map<String, Object> given, String where, List<FieldError> errors) {
        Map<String, Object> result = new LinkedHashMap<>(given);
        for (FieldDefinition p : declared) {
            Object raw = given.get(p.getApiName());
            String name = where + ".parameters." + p.getApiName();
            if (raw == null || raw instanceof String s && s.isBlank()) {
                if (p.isRequired()) {
                    errors.add(new FieldError(name, "required", "is required (" + p.getLabel() + ")"));
                }
                continue;
            }
            try {
                result.put(p.getApiName(), switch (p.getType()) {
                    case INTEGER -> new BigDecimal(raw.toString().trim()).longValueExact();
                    case DECIMAL, PERCENT -> new BigDecimal(raw.toString().trim());
                    case BOOLEAN -> {
                        if (!(raw instanceof Boolean) && !"true".equals(raw) && !"false".equals(raw)) {
                            throw new NumberFormatException();
                        }
                        yield Boolean.valueOf(raw.toString());
                    }
                    case PICKLIST -> {
                        if (!p.getPicklistValues().contains(raw.toString())) {
                            throw new NumberFormatException();
                        }
                        yield raw.toString();
                    }
                    default -> raw;
                });
            } catch (NumberFormatException | ArithmeticException e) {
                errors.add(new FieldError(name, "type", "must be " + switch (p.getType()) {
                    case INTEGER -> "a whole number";
                    case DECIMAL, PERCENT -> "a number";
                    case BOOLEAN -> "true or false";
                    default -> "one of " + p.getPicklistValues();
                }));
            }
        }
        return result;
    }

    private static String text(Map<String, Object> values, String field) {
        Object v = values.get(field);
        return v == null || v.toString().isBlank() ? null : v.toString().trim();
    }

    private static Long number(Map<String, Object> values, String field) {
        return values.get(field) instanceof Number n ? n.longValue() : null;
    }
}
