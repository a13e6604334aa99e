package org.rapportcrm.sales.internal.quote;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.rapportcrm.platform.api.record.Money;

/** What a printed quote shows, read from the records; nothing here is computed again. */
record QuoteSheet(String name, String quoteNumber, long revision, LocalDate date, LocalDate validUntil, String accountName,
        String contactName, List<Line> lines, Money subtotal, BigDecimal discountPercent, Money discountAmount,
        BigDecimal taxPercent, Money taxAmount, Money total, String terms) {

    record Line(String description, BigDecimal quantity, Money unitPrice, BigDecimal discountPercent, Money lineTotal) {
    }

    QuoteSheet {
        lines = List.copyOf(lines);
    }

    /** The download's file name, "&lt;quote number&gt;-r&lt;revision&gt;.pdf". */
    String fileName() {
        return quoteNumber + "-r" + revision + ".pdf";
    }
}
