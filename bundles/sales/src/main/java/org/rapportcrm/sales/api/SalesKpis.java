package org.rapportcrm.sales.api;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Sales KPIs of a date range, amounts in {@code currency} (the corporate currency) with 2 decimals, ratios from 0 to 1
 * with 4 decimals; a ratio or average without a denominator is null.
 * <ul>
 * <li>{@code wonCount}, {@code wonAmount}, {@code lostCount}: opportunities closed in the range (closedAt), won
 * (forecast category Closed) or lost (Omitted);</li>
 * <li>{@code winRate} = won / (won + lost); {@code averageDealSize} = wonAmount / wonCount;</li>
 * <li>{@code salesCycleDays}: the average days (1 decimal) from creation to closing of the won ones;</li>
 * <li>{@code pipelineValue}, {@code openCount}: the opportunities open now (not Closed or Omitted) whose close date is
 * in the range;</li>
 * <li>{@code leadsCreated}, {@code leadsConverted}: leads created in the range, and those of them now Converted;
 * {@code leadConversionRate} = leadsConverted / leadsCreated;</li>
 * <li>{@code stageConversion}: per stage of the standard process, in stage order;</li>
 * <li>{@code unconvertedCurrencies}: opportunities left out because their currency has no exchange rate.</li>
 * </ul>
 */
public record SalesKpis(LocalDate from, LocalDate to, String ownerId, String currency,
        BigDecimal winRate, BigDecimal averageDealSize, BigDecimal salesCycleDays, BigDecimal pipelineValue, BigDecimal leadConversionRate,
        BigDecimal wonAmount, long wonCount, long lostCount, long openCount, long leadsCreated, long leadsConverted,
        List<StageConversion> stageConversion, List<UnconvertedCurrency> unconvertedCurrencies) {
    public SalesKpis {
        stageConversion = List.copyOf(stageConversion);
        unconvertedCurrencies = List.copyOf(unconvertedCurrencies);
    }
}
