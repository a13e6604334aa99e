package org.rapportcrm.sales.api;

import java.util.List;

/**
 * A forecast in {@code currency} (the corporate currency). {@code total} counts every opportunity once, even when it
 * appears in two team rows. {@code rows} hold the groups with at least one opportunity, by label; {@code months} every
 * month of the period, empty ones included.
 */
public record Forecast(ForecastPeriod period, ForecastGrouping groupBy, String currency, ForecastFigures total,
        List<ForecastRow> rows, List<ForecastMonth> months, List<UnconvertedCurrency> unconvertedCurrencies) {
    public Forecast {
        rows = List.copyOf(rows);
        months = List.copyOf(months);
        unconvertedCurrencies = List.copyOf(unconvertedCurrencies);
    }
}
