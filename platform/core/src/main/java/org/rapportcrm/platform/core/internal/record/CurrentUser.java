package org.rapportcrm.platform.core.internal.record;

import java.util.List;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.security.Actor;

/**
 * {@code me} as the value of a user field (owner, createdBy, updatedBy) in a filter stands for the user who lists, so one
 * saved view ("my contacts, newest first") serves everyone. User ids are UUIDs: no user is called {@code me}.
 */
final class CurrentUser {
    static final String ME = "me";

    private CurrentUser() {
    }

    static Filter resolve(Filter filter, RecordType type, Actor actor) {
        if (filter instanceof Filter.Junction j) {
            return new Filter.Junction(j.and(), j.filters().stream().map(f -> resolve(f, type, actor)).toList());
        }
        if (filter instanceof Filter.Condition c && c.values().contains(ME)
                && Column.of(type, c.field()).map(column -> column.field().getType() == FieldType.OWNER).orElse(false)) {
            List<Object> values = c.values().stream().map(v -> ME.equals(v) ? (Object) actor.userId() : v).toList();
            return new Filter.Condition(c.field(), c.operator(), values);
        }
        return filter;
    }
}
