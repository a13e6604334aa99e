package org.rapportcrm.sales.internal.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Adds up the deals closed in a range: won (category Closed) and lost (Omitted), and how long the won ones took. */
final class ClosedDealsTally {
    private static final BigDecimal MILLIS_PER_DAY = BigDecimal.valueOf(Duration.ofDays(1).toMillis());
    private BigDecimal wonAmount = BigDecimal.ZERO;
    private long wonMillis;
    private long wonCount;
    private long lostCount;

    void add(Deal deal) {
        if (deal.category() == Deal.Category.CLOSED) {
            wonCount++;
            wonAmount = wonAmount.add(deal.amount());
            wonMillis += Duration.between(deal.createdAt(), deal.closedAt()).toMillis();
        } else if (deal.category() == Deal.Category.OMITTED) {
            lostCount++;
        }
    }

    BigDecimal wonAmount() {
        return Figures.money(wonAmount);
    }

    long wonCount() {
        return wonCount;
    }

    long lostCount() {
        return lostCount;
    }

    BigDecimal winRate() {
        return Figures.ratio(wonCount, wonCount + lostCount);
    }

    BigDecimal averageDealSize() {
        return Figures.average(wonAmount, wonCount, 2);
    }

    /** The average days from creation to closing of the won deals, 1 decimal. */
    BigDecimal salesCycleDays() {
        return wonCount == 0 ? null
                : BigDecimal.valueOf(wonMillis).divide(MILLIS_PER_DAY.multiply(BigDecimal.valueOf(wonCount)), 1, RoundingMode.HALF_UP);
    }
}
