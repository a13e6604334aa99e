package org.rapportcrm.sales.api;

import java.math.BigDecimal;

/**
 * The forecast figures of a set of opportunities, in the corporate currency with 2 decimals, by the opportunities'
 * forecast category: {@code pipeline} sums the open ones (Pipeline, Best case, Commit), {@code bestCase} Best case,
 * Commit and Closed, {@code commit} Commit and Closed, {@code closed} the won ones (Closed); {@code weighted} sums
 * amount x probability / 100 over the open ones. Omitted opportunities (lost or excluded) add to no amount. Each
 * count is the number of opportunities behind the amount of the same name; an opportunity without an amount counts
 * with 0.
 */
public record ForecastFigures(BigDecimal pipeline, BigDecimal bestCase, BigDecimal commit, BigDecimal closed, BigDecimal weighted,
        long pipelineCount, long bestCaseCount, long commitCount, long closedCount, long omittedCount) {
}
