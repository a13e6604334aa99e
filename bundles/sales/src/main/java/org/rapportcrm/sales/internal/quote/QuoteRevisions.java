package org.rapportcrm.sales.internal.quote;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * Revising a quote: the customer gets a new revision to look at, and the old one stays as it was sent, superseded.
 * Done as the caller, all or nothing, so record permissions apply to every step.
 */
final class QuoteRevisions {
    /** What a revision takes over; the totals follow from the copied lines, the status starts again at Draft. */
    private static final List<String> QUOTE_FIELDS = List.of("name", "quoteNumber", "opportunity", "account", "contact",
            "currency", "validUntil", "discountPercent", "taxPercent", "terms");
    /** Prices are copied as they are: a revision keeps what was negotiated, even if the price book changed since. */
    private static final List<String> LINE_FIELDS = List.of("product", "description", "position", "quantity", "unitPrice",
            "discountPercent");
    private final RecordService records;

    QuoteRevisions(RecordService records) {
        this.records = records;
    }

    /** @return the new revision, with its totals */
    Record revise(Actor actor, String quoteId) {
        return records.inTransaction(() -> {
            Record old = records.get(actor, SalesTypes.QUOTE, quoteId);
            if (QuoteStatus.SUPERSEDED.equals(old.get("status"))) {
                throw new ValidationException("status", "superseded", "is Superseded: revise the newest revision of this quote");
            }
            Map<String, Object> values = copy(old, QUOTE_FIELDS);
            values.put("revision", (old.get("revision") instanceof Long r ? r : 1L) + 1);
            values.put("previousRevision", old.getId());
            values.put("status", QuoteStatus.DRAFT);
            Record revision = records.create(actor, SalesTypes.QUOTE, values);
            List<Record> lines = new RecordLookup(records, actor).all(SalesTypes.QUOTE_LINE, Filter.eq("quote", old.getId()), "createdAt");
            for (Record line : lines) {
                Map<String, Object> copied = copy(line, LINE_FIELDS);
                copied.put("quote", revision.getId());
                records.create(actor, SalesTypes.QUOTE_LINE, copied);
            }
            records.update(actor, SalesTypes.QUOTE, old.getId(), old.getVersion(), Map.of("status", QuoteStatus.SUPERSEDED));
            return records.get(actor, SalesTypes.QUOTE, revision.getId());
        });
    }

    private static Map<String, Object> copy(Record record, List<String> fields) {
        Map<String, Object> values = new HashMap<>();
        for (String field : fields) {
            if (record.get(field) != null) {
                values.put(field, record.get(field));
            }
        }
        return values;
    }
}
