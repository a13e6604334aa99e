package org.rapportcrm.platform.core.internal.record;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.security.AccessPolicy;

/**
 * What a caller sends, turned into field values: converted against the type as the caller sees it (a field hidden
 * from them is as unknown as one that does not exist), checked against what they may change, and for a new record
 * completed with defaults, the triggers' values and the validation rules. Every problem is collected, so one refused
 * row of an import names all of its errors and takes no other row with it.
 */
final class RecordInput {
    private final ExtensionRules rules;
    private final AccessPolicy policy;

    RecordInput(ExtensionRules rules, AccessPolicy policy) {
        this.rules = rules;
        this.policy = policy;
    }

    /** Validates and converts one new record's input; the errors go to {@code errors}. */
    Record prepareNew(Actor actor, RecordType type, Map<String, Object> input, Instant now, List<FieldError> errors) {
        Map<String, Object> values = convert(policy.view(actor, type), input, errors);
        try {
            policy.checkEditable(actor, type, null, values);
        } catch (AccessDeniedException e) {
            errors.add(new FieldError(e.getField(), "forbidden", e.getMessage()));
        }
        for (FieldDefinition f : type.getFields()) {
            if (!input.containsKey(f.getApiName()) && f.getDefaultValue() != null) {
                values.put(f.getApiName(), convertDefault(f));
            }
        }
        if (errors.isEmpty()) {
            try {
                rules.beforeWrite(actor, type, null, values);
            } catch (ValidationException e) {
                errors.addAll(e.getErrors()); // one refused row of a batch must not take the others with it
            }
        }
        for (FieldDefinition f : type.getFields()) {
            if (f.isRequired() && values.get(f.getApiName()) == null
                    && errors.stream().noneMatch(e -> e.field().equals(f.getApiName()))) {
                errors.add(new FieldError(f.getApiName(), "required", "is required"));
            }
        }
        String owner = input.containsKey(SystemFields.OWNER) ? ownerValue(input.get(SystemFields.OWNER), errors) : actor.isSystem() ? null : actor.userId();
        if (input.containsKey(SystemFields.OWNER)) {
            try {
                policy.checkOwner(actor, type.getApiName(), null, input.get(SystemFields.OWNER), true);
            } catch (AccessDeniedException e) {
                errors.add(new FieldError(SystemFields.OWNER, "forbidden", e.getMessage()));
            }
        }
        Map<String, Object> inFieldOrder = new LinkedHashMap<>();
        type.getFields().forEach(f -> inFieldOrder.put(f.getApiName(), values.get(f.getApiName())));
        if (errors.isEmpty()) {
            errors.addAll(rules.errors(actor, type, null, inFieldOrder));
        }
        return new Record(type.getApiName(), UUID.randomUUID().toString(), 1, owner, now, now, actor.userId(), actor.userId(), inFieldOrder);
    }

    /** The input's field values converted to their types; system fields other than the owner are refused. */
    static Map<String, Object> convert(RecordType view, Map<String, Object> input, List<FieldError> errors) {
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<String, Object> e : input.entrySet()) {
            String name = e.getKey();
            if (SystemFields.isSystem(name)) {
                if (!SystemFields.WRITABLE.contains(name)) {
                    errors.add(new FieldError(name, "readOnly", "is set by the platform and cannot be written"));
                }
                continue;
            }
            FieldDefinition f = view.field(name).orElse(null);
            if (f == null) {
                errors.add(new FieldError(name, "unknown", view.getApiName() + " has no field '" + name + "'"));
                continue;
            }
            try {
                values.put(name, ValueConverter.convert(f, e.getValue()));
            } catch (ValueConverter.InvalidValue iv) {
                errors.add(iv.error());
            }
        }
        return values;
    }

    static String ownerValue(Object raw, List<FieldError> errors) {
        if (raw instanceof String s && !s.isBlank()) {
            return s;
        }
        errors.add(new FieldError(SystemFields.OWNER, "type", "must be the id of a user"));
        return null;
    }

    private static Object convertDefault(FieldDefinition f) {
        try {
            return ValueConverter.convert(f, f.getDefaultValue());
        } catch (ValueConverter.InvalidValue e) {
            throw new IllegalStateException("Invalid default of " + f, e);
        }
    }
}
