package org.rapportcrm.platform.core.internal.automation;

import java.util.List;
import java.util.Objects;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.automation.AutomationCondition;
import org.rapportcrm.platform.api.automation.AutomationContext;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.core.internal.record.ValueConverter;

/** The conditions every rule can use, on any record type: a field has a value, a field changed. */
public final class FieldConditions {
    private FieldConditions() {
    }

    static final FieldDefinition FIELD = FieldDefinition.builder("field", FieldType.TEXT).label("Field").required(true).build();

    /** {@code record.field-equals}: the field's value, as text (money as "12.50 EUR"), is the given one; no value means empty. */
    @Component
    public static class FieldEquals implements AutomationCondition {
        @Override
        public String id() {
            return "record.field-equals";
        }

        @Override
        public String label() {
            return "Field has value";
        }

        @Override
        public List<FieldDefinition> parameters() {
            return List.of(FIELD, FieldDefinition.builder("value", FieldType.TEXT).label("Value").build());
        }

        @Override
        public boolean test(AutomationContext context) {
            Object actual = context.trigger().record().get((String) context.parameters().get("field"));
            return Objects.equals(ValueConverter.format(actual), context.parameters().get("value"));
        }
    }

    /** {@code record.field-changed}: the change set the field (a new record counts when the field has a value). */
    @Component
    public static class FieldChanged implements AutomationCondition {
        @Override
        public String id() {
            return "record.field-changed";
        }

        @Override
        public String label() {
            return "Field changed";
        }

        @Override
        public List<FieldDefinition> parameters() {
            return List.of(FIELD);
        }

        @Override
        public boolean test(AutomationContext context) {
            String field = (String) context.parameters().get("field");
            return context.trigger().kind().equals(RecordEvents.CREATED)
                    ? context.trigger().record().get(field) != null
                    : context.trigger().changedFields().contains(field);
        }
    }
}
