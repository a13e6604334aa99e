package org.rapportcrm.platform.core.internal.record;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.record.RecordSelection;
import org.rapportcrm.platform.core.internal.db.Names;

/** The ids of a type's rows a translated condition selects, as a sub-select over its table. */
final class SqlRecordSelection implements RecordSelection {
    private final RecordType type;
    private final SqlCondition where;

    SqlRecordSelection(RecordType type, SqlCondition where) {
        this.type = type;
        this.where = where;
    }

    @Override
    public String sql() {
        return "SELECT id FROM " + Names.table(type.getApiName()) + " WHERE " + where.sql();
    }

    @Override
    public int bind(PreparedStatement statement, int first) throws SQLException {
        int index = first;
        for (Object value : where.params()) {
            RecordStore.bind(statement, index++, value);
        }
        return index;
    }

    @Override
    public RecordSelection referencing(String field, RecordSelection targets) {
        if (!(targets instanceof SqlRecordSelection of)) {
            throw new IllegalArgumentException("targets: a selection made by the record service");
        }
        Column column = Column.of(type, field).filter(c -> c.field().getType() == FieldType.REFERENCE && !"id".equals(c.name()))
                .orElseThrow(() -> new InvalidQueryException(field, field + ": not a reference field of " + type.getApiName()));
        if (!of.type.getApiName().equals(column.field().getReferenceTo())) {
            throw new InvalidQueryException(field, field + " of " + type.getApiName() + " refers to " + column.field().getReferenceTo()
                    + ", not " + of.type.getApiName());
        }
        return narrowed(new SqlCondition(column.name() + " IN (" + of.sql() + ")", of.where.params()));
    }

    private SqlRecordSelection narrowed(SqlCondition also) {
        return new SqlRecordSelection(type, SqlCondition.and(List.of(where, also)));
    }
}
