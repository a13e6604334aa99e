package org.rapportcrm.sales.api;

import java.time.LocalDate;
import java.util.Objects;

/** The KPIs of the days {@code from} to {@code to} (both included, UTC), of one owner's records or (null) of all. */
public record KpiRequest(LocalDate from, LocalDate to, String ownerId) {
    public KpiRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
        }
    }
}
