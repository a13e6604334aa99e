package org.rapportcrm.sales.internal.quote;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesFixture;
import org.rapportcrm.sales.internal.SalesTypes;

/** The real core with the sales types and every trigger and validator of this package, plus shorthand for test data. */
final class QuoteFixture {
    final SalesFixture sales = new SalesFixture();
    final RecordService records = sales.core.records;

    QuoteFixture() {
        sales.core.records.addTrigger(new PriceBookEntryTrigger(records), null);
        sales.core.records.addValidator(new PriceBookEntryValidator(records), null);
        sales.core.records.addTrigger(new LineItemTrigger(records), null);
        sales.core.records.addValidator(new LineItemValidator(records), null);
        sales.core.records.addTrigger(new QuoteTrigger(records), null);
        sales.core.records.addValidator(new QuoteValidator(records), null);
        sales.core.records.addTrigger(new QuoteLineTrigger(records), null);
        sales.core.records.addValidator(new QuoteLineValidator(records), null);
    }

    static Money money(String amount, String currency) {
        return new Money(new BigDecimal(amount), currency);
    }

    static BigDecimal decimal(String value) {
        return new BigDecimal(value);
    }

    Record create(String type, Object... fieldsAndValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            values.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return records.create(Actor.system(), type, values);
    }

    Record get(Record record) {
        return records.get(Actor.system(), record.getType(), record.getId());
    }

    Record update(Record record, Object... fieldsAndValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            values.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        Record current = get(record);
        return records.update(Actor.system(), current.getType(), current.getId(), current.getVersion(), values);
    }

    void delete(Record record) {
        Record current = get(record);
        records.delete(Actor.system(), current.getType(), current.getId(), current.getVersion());
    }

    Record product(String name) {
        return create(SalesTypes.PRODUCT, "name", name);
    }

    Record priceBook(String name, boolean standard) {
        return create(SalesTypes.PRICE_BOOK, "name", name, "standard", standard);
    }

    Record price(Record book, Record product, String amount, String currency) {
        return create(SalesTypes.PRICE_BOOK_ENTRY, "priceBook", book.getId(), "product", product.getId(), "unitPrice", money(amount, currency));
    }

    Record opportunity(Object... more) {
        Map<String, Object> values = new HashMap<>(Map.of("name", "Kaze KK renewal", "stage", "Prospecting", "closeDate", LocalDate.of(2025, 6, 30)));
        for (int i = 0; i < more.length; i += 2) {
            values.put((String) more[i], more[i + 1]);
        }
        return records.create(Actor.system(), SalesTypes.OPPORTUNITY, values);
    }
}
