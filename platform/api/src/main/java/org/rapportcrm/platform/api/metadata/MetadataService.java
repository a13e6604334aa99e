package org.rapportcrm.platform.api.metadata;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import org.rapportcrm.platform.api.security.Actor;

/** The registry of record types, with the custom fields administrators added. */
@ProviderType
public interface MetadataService {
    List<RecordType> types();

    Optional<RecordType> type(String apiName);

    Optional<RecordType> typeByPluralName(String pluralApiName);

    /**
     * Adds a custom field to a type at runtime: a new nullable column, usable at once in records, filters, sorting,
     * the API and the console, and kept across restarts. Only administrators may do this.
     *
     * @throws org.rapportcrm.platform.api.record.ValidationException if the definition is not acceptable
     */
    RecordType addCustomField(Actor actor, String typeApiName, FieldDefinition field);
}
