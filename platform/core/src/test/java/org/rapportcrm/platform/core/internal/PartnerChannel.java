package org.rapportcrm.platform.core.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;

/**
 * A test capability of partner levels: an account may have a level and a region, and brochures are written for one
 * level (or for every partner, with none) and one region.
 */
final class PartnerChannel implements RecordTypeProvider {
    static final RecordType LEVEL = new RecordType("level", "levels", "Level", "Levels", "name",
            List.of(builder("name", FieldType.TEXT).required(true).build())).withKind(RecordType.Kind.CONFIGURATION);
    static final RecordType BROCHURE = new RecordType("brochure", "brochures", "Brochure", "Brochures", "title", List.of(
            builder("title", FieldType.TEXT).required(true).searchable(true).build(),
            builder("status", FieldType.PICKLIST).picklistValues(List.of("Draft", "Published")).defaultValue("Draft").build(),
            builder("level", FieldType.REFERENCE).referenceTo("level").build(),
            builder("region", FieldType.TEXT).maxLength(40).build()));

    @Override
    public List<RecordType> recordTypes() {
        return List.of(LEVEL, BROCHURE);
    }

    @Override
    public Map<String, List<FieldDefinition>> fieldExtensions() {
        return Map.of("account", List.of(
                builder("level", FieldType.REFERENCE).referenceTo("level").build(),
                builder("region", FieldType.TEXT).maxLength(40).build()));
    }
}
