package org.rapportcrm.sales.api;

import java.util.Objects;

/** Which forecast to compute: the period, and how to group it (by owner when null). */
public record ForecastRequest(ForecastPeriod period, ForecastGrouping groupBy) {
    public ForecastRequest {
        Objects.requireNonNull(period, "period");
        groupBy = groupBy == null ? ForecastGrouping.OWNER : groupBy;
    }
}
