package ${package}.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;

/**
 * Contributes the {@code ${recordType}} record type. The platform creates its table when this component appears (and adds
 * columns for fields added here later, never dropping any), serves it under {@code /api/v1/${recordType}s} and in the
 * console, and withdraws the type when the bundle goes; the data stays.
 */
@Component
public class ${recordTypeClass}Types implements RecordTypeProvider {
    static final String TYPE = "${recordType}";
    static final List<String> STATUSES = List.of("Open", "In progress", "Closed");
    static final List<String> PRIORITIES = List.of("Low", "Normal", "High");

    static final RecordType RECORD_TYPE = new RecordType(TYPE, "${recordType}s", "${recordTypeClass}", "${recordTypeClass}s", "subject", List.of(
            builder("subject", FieldType.TEXT).label("Subject").required(true).maxLength(200).searchable(true).build(),
            builder("status", FieldType.PICKLIST).label("Status").picklistValues(STATUSES).defaultValue("Open").build(),
            builder("priority", FieldType.PICKLIST).label("Priority").picklistValues(PRIORITIES).defaultValue("Normal").build(),
            builder("contact", FieldType.REFERENCE).label("Contact").referenceTo("contact").build(),
            // Set by ${recordTypeClass}Escalator, not by users.
            builder("escalated", FieldType.BOOLEAN).label("Escalated").defaultValue(false).build(),
            builder("description", FieldType.LONG_TEXT).label("Description").build()));

    @Override
    public List<RecordType> recordTypes() {
        return List.of(RECORD_TYPE);
    }
}
