package org.rapportcrm.sales.internal.quote;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Reads the records a rule or a document needs, as one actor. Rules read as {@link Actor#system()}: they hold for
 * every caller alike, whatever the caller may read. A missing record is empty rather than an error, because the
 * platform reports a dangling reference itself, as a 422 on the field.
 */
final class RecordLookup {
    private final RecordService records;
    private final Actor actor;

    RecordLookup(RecordService records, Actor actor) {
        this.records = records;
        this.actor = actor;
    }

    static RecordLookup asSystem(RecordService records) {
        return new RecordLookup(records, Actor.system());
    }

    Optional<Record> find(String type, Object id) {
        if (!(id instanceof String s)) {
            return Optional.empty();
        }
        try {
            return Optional.of(records.get(actor, type, s));
        } catch (RecordNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Every record of {@code type} that matches, oldest first (line items and price lists are short). */
    List<Record> all(String type, Filter filter, String sortField) {
        return records.all(actor, Query.of(type).where(filter).sortBy(sortField, false).limit(Query.MAX_LIMIT));
    }

    static String text(Map<String, Object> values, String field) {
        return values.get(field) instanceof String s ? s : null;
    }

    static Money money(Map<String, Object> values, String field) {
        return values.get(field) instanceof Money m ? m : null;
    }

    static BigDecimal decimal(Map<String, Object> values, String field) {
        return values.get(field) instanceof BigDecimal d ? d : null;
    }

    static String currency(Money money) {
        return money == null ? null : money.currency();
    }
}
