package org.rapportcrm.platform.api.query;

import org.osgi.annotation.versioning.ProviderType;
import org.rapportcrm.platform.api.security.Actor;

/**
 * The list filter language applied in memory, to records that are not read from the database: a change in an outbox
 * entry, a workflow rule's conditions, a webhook subscription's filter. Each comparison means what it means in a list
 * (values converted to the field's type, {@code sw} ignoring case, {@code ne} also matching an empty field, a
 * multi-picklist {@code eq}/{@code in} matching when it holds any of the values, money compared by amount).
 *
 * <p>On top of the list language, a field may be written {@code previous.<field>} for its value before an update
 * ({@code previous.stage ne 'Closed won' and stage eq 'Closed won'}); for a creation every previous value is empty.
 * {@code me} is not available (there is no one listing).
 */
@ProviderType
public interface RecordFilters {
    /** The prefix that names a field's value before the change. */
    String PREVIOUS = "previous.";

    /**
     * Checks and prepares a filter on a record type.
     *
     * @throws InvalidQueryException naming the parameter {@code filter} when the text does not parse, names a field
     *     the type does not have, or compares a field with a value it cannot hold
     */
    RecordPredicate compile(String recordType, String filter);

    /**
     * Like {@link #compile(String, String)}, with {@code me} as the value of a user field (owner, createdBy, updatedBy)
     * standing for the actor, as it does in a list: a saved view's filter tests records as the view lists them.
     *
     * @since 1.2
     */
    RecordPredicate compile(String recordType, String filter, Actor actor);
}
