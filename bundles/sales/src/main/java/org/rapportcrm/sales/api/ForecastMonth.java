package org.rapportcrm.sales.api;

import java.time.YearMonth;

/** The figures of the opportunities closing in one month of the period. */
public record ForecastMonth(YearMonth month, ForecastFigures figures) {
}
