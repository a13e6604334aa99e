package org.rapportcrm.platform.api.query;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** A compiled filter (see {@link RecordFilters}); thread-safe, cheap to test many times. */
@ProviderType
public interface RecordPredicate {
    /**
     * Whether a record matches.
     *
     * @param values the record's field values by api name, typed ({@code Record#getValues()}) or as the REST API and
     *     the outbox show them (plain JSON values); a field that is absent is empty
     * @param previousValues for an update, the values the changed fields had before (same forms); a field absent here
     *     had the value it has now. Empty for a creation, where every {@code previous.} field is empty.
     */
    boolean test(Map<String, Object> values, Map<String, Object> previousValues);

    /** Whether the filter names any {@code previous.} field (it then only makes sense for changes). */
    boolean readsPreviousValues();
}
