package org.rapportcrm.platform.core.internal.record;

import java.util.ArrayList;
import java.util.List;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.core.internal.db.Names;
import org.rapportcrm.platform.core.internal.metadata.TableIndexes;

/**
 * What a list sorted by one field is ordered by: the columns of {@link TableIndexes#sortColumns} (searchable text by its
 * lower-cased column, an indexed field by itself and then the name), then the id that breaks ties. No sort field, or
 * {@code id}, orders by the id alone.
 */
record SortKey(String field, List<Column> columns) {

    static SortKey of(RecordType type, String sortField) {
        if (sortField == null || sortField.equals(SystemFields.ID)) {
            return new SortKey(sortField, List.of());
        }
        Column sort = Column.of(type, sortField).orElseThrow(() -> new InvalidQueryException("sort",
                "sort: " + type.getApiName() + " has no field '" + sortField + "'"));
        if (!sort.field().getType().isComparable()) {
            throw new InvalidQueryException("sort", "sort: field '" + sortField + "' cannot be sorted");
        }
        if (SystemFields.isSystem(sortField)) {
            return new SortKey(sortField, List.of(sort));
        }
        List<Column> columns = new ArrayList<>();
        for (String column : TableIndexes.sortColumns(type, sort.field())) {
            columns.add(new Column(fieldOf(type, column, sort.field()), column));
        }
        return new SortKey(sortField, List.copyOf(columns));
    }

    /** The field whose values a key column holds (a lower-cased column holds text of its field). */
    private static FieldDefinition fieldOf(RecordType type, String column, FieldDefinition sorted) {
        return type.getFields().stream().filter(f -> column.equals(Names.column(f.getApiName())) || column.equals(Names.lowerColumn(f.getApiName())))
                .findFirst().orElse(sorted);
    }

    List<String> sqlColumns() {
        return columns.stream().map(Column::name).toList();
    }

    String orderBy(boolean descending) {
        String direction = descending ? " DESC" : " ASC";
        List<String> terms = new ArrayList<>();
        columns.forEach(c -> terms.add(c.name() + direction));
        terms.add("id" + direction);
        return String.join(", ", terms);
    }
}
