package org.rapportcrm.sales.internal.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How figures are rounded for display: sums are kept exact and rounded once, here. */
final class Figures {
    private Figures() {
    }

    /** An amount with 2 decimals. */
    static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    /** {@code part / whole} from 0 to 1 with 4 decimals; null (not 0) when there is no whole to divide by. */
    static BigDecimal ratio(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }

    /** {@code sum / count} with {@code scale} decimals; null when there is nothing to average. */
    static BigDecimal average(BigDecimal sum, long count, int scale) {
        return count == 0 ? null : sum.divide(BigDecimal.valueOf(count), scale, RoundingMode.HALF_UP);
    }
}
