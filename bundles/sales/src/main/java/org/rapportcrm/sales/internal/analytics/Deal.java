package org.rapportcrm.sales.internal.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;

/**
 * An opportunity as the figures see it: its forecast category, probability and amount in the corporate currency.
 * An opportunity whose category was never derived counts as Pipeline, one without a probability weighs 0 and one
 * without an amount counts with 0.
 */
record Deal(String id, String owner, LocalDate closeDate, Category category, BigDecimal probability, BigDecimal amount,
        Instant createdAt, Instant closedAt) {

    /** The forecast categories of an opportunity ({@code SalesTypes.FORECAST_CATEGORIES}). */
    enum Category {
        PIPELINE("Pipeline"), BEST_CASE("Best case"), COMMIT("Commit"), CLOSED("Closed"), OMITTED("Omitted");

        final String label;

        Category(String label) {
            this.label = label;
        }

        static Category of(Object forecastCategory) {
            for (Category c : values()) {
                if (c.label.equals(forecastCategory)) {
                    return c;
                }
            }
            return PIPELINE;
        }

        boolean isOpen() {
            return this != CLOSED && this != OMITTED;
        }
    }

    /** The deal, or empty after noting the amount in {@code unconverted} when its currency has no rate. */
    static Optional<Deal> of(Record opportunity, CurrencyRates rates, UnconvertedTally unconverted) {
        Money money = (Money) opportunity.get("amount");
        BigDecimal amount = BigDecimal.ZERO;
        if (money != null) {
            Optional<BigDecimal> converted = rates.toCorporate(money);
            if (converted.isEmpty()) {
                unconverted.add(money);
                return Optional.empty();
            }
            amount = converted.get();
        }
        BigDecimal probability = (BigDecimal) opportunity.get("probability");
        return Optional.of(new Deal(opportunity.getId(), opportunity.getOwner(), (LocalDate) opportunity.get("closeDate"),
                Category.of(opportunity.get("forecastCategory")), probability == null ? BigDecimal.ZERO : probability, amount,
                opportunity.getCreatedAt(), (Instant) opportunity.get("closedAt")));
    }

    /** amount x probability / 100, unrounded. */
    BigDecimal weighted() {
        return amount.multiply(probability).movePointLeft(2);
    }
}
