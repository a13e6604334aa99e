package org.rapportcrm.sales.internal.quote;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.rapportcrm.platform.api.record.Money;

/**
 * The arithmetic of prices: amounts have two decimals and round half up, each amount once, where it is shown, so
 * that the printed rows of a quote add up.
 */
final class Pricing {
    static final int SCALE = 2;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** The amounts at the foot of a quote, all in the quote's currency. */
    record QuoteTotals(BigDecimal subtotal, BigDecimal discountAmount, BigDecimal taxAmount, BigDecimal total) {
    }

    private Pricing() {
    }

    /** quantity x unit price x (1 - discount% / 100); no discount when {@code discountPercent} is null. */
    static BigDecimal lineTotal(BigDecimal quantity, BigDecimal unitPrice, BigDecimal discountPercent) {
        return round(quantity.multiply(unitPrice).multiply(remainingPercent(discountPercent)).movePointLeft(2));
    }

    static Money lineTotal(BigDecimal quantity, Money unitPrice, BigDecimal discountPercent) {
        return new Money(lineTotal(quantity, unitPrice.amount(), discountPercent), unitPrice.currency());
    }

    /**
     * subtotal = the sum of the line totals; discount = subtotal x discount%; tax = (subtotal - discount) x tax%;
     * total = subtotal - discount + tax. Null percentages count as zero.
     */
    static QuoteTotals quoteTotals(List<BigDecimal> lineTotals, BigDecimal discountPercent, BigDecimal taxPercent) {
        BigDecimal subtotal = round(lineTotals.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        BigDecimal discountAmount = percentOf(subtotal, discountPercent);
        BigDecimal taxAmount = percentOf(subtotal.subtract(discountAmount), taxPercent);
        return new QuoteTotals(subtotal, discountAmount, taxAmount, subtotal.subtract(discountAmount).add(taxAmount));
    }

    static BigDecimal round(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.HALF_UP);
    }

    private static BigDecimal percentOf(BigDecimal amount, BigDecimal percent) {
        return round(percent == null ? BigDecimal.ZERO : amount.multiply(percent).movePointLeft(2));
    }

    private static BigDecimal remainingPercent(BigDecimal discountPercent) {
        return discountPercent == null ? HUNDRED : HUNDRED.subtract(discountPercent);
    }
}
