package org.rapportcrm.sales.internal.analytics;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.sales.api.UnconvertedCurrency;

/** The amounts that could not be converted, per currency, so a response can say what it left out. */
final class UnconvertedTally {
    private final Map<String, BigDecimal> amounts = new TreeMap<>();
    private final Map<String, Long> counts = new TreeMap<>();

    void add(Money money) {
        amounts.merge(money.currency(), money.amount(), BigDecimal::add);
        counts.merge(money.currency(), 1L, Long::sum);
    }

    List<UnconvertedCurrency> currencies() {
        return amounts.entrySet().stream()
                .map(e -> new UnconvertedCurrency(e.getKey(), counts.get(e.getKey()), Figures.money(e.getValue())))
                .toList();
    }
}
