package org.rapportcrm.platform.api.view;

import java.util.List;

/**
 * A saved list of one record type.
 *
 * @param id given by the platform when the view is created
 * @param columns the fields shown, in order; empty means the type's default columns
 * @param filter in the platform's filter language ({@link org.rapportcrm.platform.api.query.FilterExpression}); null
 *     for every record. {@code owner eq me} means the records of whoever opens the view.
 * @param sort a field, {@code -field} for descending; null for the default order
 * @param shared visible to everyone who may read the type (changed only with the {@code manageSettings} permission);
 *     otherwise only its owner sees it
 * @param ownerId the user who saved it
 * @param version increases with every change; an update or delete names the version it read
 */
public record ListView(String id, String recordType, String name, List<String> columns, String filter, String sort, boolean shared,
        String ownerId, long version) {
    public ListView {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /** A view to create or to change an existing one into: the platform sets id, owner and version. */
    public static ListView of(String recordType, String name, List<String> columns, String filter, String sort, boolean shared) {
        return new ListView(null, recordType, name, columns, filter, sort, shared, null, 0);
    }
}
