package org.rapportcrm.sales.internal.analytics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;

/** Walks every page of a query with the cursor, so that figures never need all matching records in memory at once. */
final class RecordPages {
    static final int PAGE_SIZE = 500;

    private RecordPages() {
    }

    static void forEach(RecordService records, Actor actor, Query query, Consumer<Record> action) {
        records.forEach(actor, query.limit(PAGE_SIZE), action);
    }

    /** Like {@link #forEach}, for the records whose {@code field} is one of {@code values}, asked a chunk of values at a time. */
    static void forEachIn(RecordService records, Actor actor, Query query, String field, Collection<String> values,
            Consumer<Record> action) {
        List<String> all = new ArrayList<>(values);
        for (int i = 0; i < all.size(); i += PAGE_SIZE) {
            Filter in = Filter.in(field, all.subList(i, Math.min(all.size(), i + PAGE_SIZE)));
            forEach(records, actor, query.where(query.filter() == null ? in : Filter.and(query.filter(), in)), action);
        }
    }
}
