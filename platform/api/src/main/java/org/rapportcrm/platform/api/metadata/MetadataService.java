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

    /**
     * Changes what deleting a referenced record does to a custom reference field's records ({@link DeleteRule}), at
     * once on every node. Only administrators may do this; a standard field's rule is its capability's to declare.
     *
     * @throws org.rapportcrm.platform.api.record.ValidationException if the field is not a custom reference, or the
     *         rule is {@link DeleteRule#SET_NULL} for a required one
     * @throws org.rapportcrm.platform.api.record.RecordNotFoundException if there is no such type or field
     */
    RecordType changeDeleteRule(Actor actor, String typeApiName, String fieldApiName, DeleteRule rule);
}
