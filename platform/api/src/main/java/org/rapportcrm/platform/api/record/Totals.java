package org.rapportcrm.platform.api.record;

import java.math.BigDecimal;

/**
 * Figures of one numeric field over the records a query matches, computed by the database: how many have a value,
 * and their sum, smallest and largest (null when none has a value).
 *
 * @since 1.2
 */
public record Totals(long count, BigDecimal sum, BigDecimal min, BigDecimal max) {
    /** The mean of the values, or null when there are none. */
    public BigDecimal average() {
        return count == 0 || sum == null ? null : sum.divide(BigDecimal.valueOf(count), 6, java.math.RoundingMode.HALF_EVEN);
    }
}
