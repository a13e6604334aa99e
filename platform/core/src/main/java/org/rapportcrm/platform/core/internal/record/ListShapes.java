package org.rapportcrm.platform.core.internal.record;

import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.core.internal.metadata.TableIndexes;

/** The shape of a list of a type: what an index must hold to serve its filter and sort (see {@link TableIndexes.Shape}). */
public final class ListShapes {
    private ListShapes() {
    }

    /**
     * @throws org.rapportcrm.platform.api.query.InvalidQueryException naming {@code filter} or {@code sort} when either
     *     does not apply to the type
     */
    public static TableIndexes.Shape of(RecordType type, Filter filter, String sortField, boolean descending) {
        SortKey key = SortKey.of(type, sortField);
        FilterTranslator translator = new FilterTranslator(type);
        translator.translate(filter);
        return new TableIndexes.Shape(translator.pinnedColumns(), key.sqlColumns(), descending);
    }
}
