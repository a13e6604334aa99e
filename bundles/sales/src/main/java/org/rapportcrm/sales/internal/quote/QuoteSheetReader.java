package org.rapportcrm.sales.internal.quote;

import static org.rapportcrm.sales.internal.quote.RecordLookup.decimal;
import static org.rapportcrm.sales.internal.quote.RecordLookup.money;
import static org.rapportcrm.sales.internal.quote.RecordLookup.text;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/** Reads a quote for printing as the caller, so that record access applies to the document as to the record. */
final class QuoteSheetReader {
    private final RecordService records;

    QuoteSheetReader(RecordService records) {
        this.records = records;
    }

    /** @throws org.rapportcrm.platform.api.record.RecordNotFoundException if the caller cannot see the quote (404) */
    QuoteSheet read(Actor actor, String quoteId) {
        Record quote = records.get(actor, SalesTypes.QUOTE, quoteId);
        RecordLookup lookup = new RecordLookup(records, actor);
        Map<String, Object> q = quote.getValues();
        List<QuoteSheet.Line> lines = lookup.all(SalesTypes.QUOTE_LINE, Filter.eq("quote", quoteId), "position").stream()
                .map(Record::getValues)
                .map(l -> new QuoteSheet.Line(text(l, "description"), decimal(l, "quantity"), money(l, "unitPrice"),
                        decimal(l, "discountPercent"), money(l, "lineTotal")))
                .toList();
        String accountName = lookup.find("account", q.get("account")).map(a -> text(a.getValues(), "name")).orElse(null);
        String contactName = lookup.find("contact", q.get("contact")).map(c -> Stream.of(text(c.getValues(), "firstName"),
                text(c.getValues(), "lastName")).filter(Objects::nonNull).collect(Collectors.joining(" "))).orElse(null);
        String number = text(q, "quoteNumber");
        return new QuoteSheet(text(q, "name"), number == null ? quote.getId() : number,
                q.get("revision") instanceof Long r ? r : 1, LocalDate.ofInstant(quote.getCreatedAt(), ZoneOffset.UTC),
                q.get("validUntil") instanceof LocalDate d ? d : null, accountName, contactName, lines,
                money(q, "subtotal"), decimal(q, "discountPercent"), money(q, "discountAmount"),
                decimal(q, "taxPercent"), money(q, "taxAmount"), money(q, "total"), text(q, "terms"));
    }
}
