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

    /**
     * Makes a custom field searchable (global search) and/or indexed (lists filter and sort by it), or neither again;
     * null leaves that part as it is. Switching one on returns at once with its state
     * {@link FieldDefinition.BuildState#BUILDING}: the platform builds what it needs in the background, once across the
     * cluster and without blocking writes where the database allows (PostgreSQL), and the field takes effect on every
     * node when that is done. Switching one off takes effect at once and drops what was built. Only administrators may
     * do this; standard fields stay as their type declares them.
     *
     * @throws org.rapportcrm.platform.api.record.ValidationException if the field is not custom, or its type cannot be
     *     searched (only text) or indexed (not long text or multi-picklists)
     * @throws org.rapportcrm.platform.api.record.RecordNotFoundException if there is no such type or field
     */
    RecordType setFieldIndexing(Actor actor, String typeApiName, String fieldApiName, Boolean searchable, Boolean indexed);
}
