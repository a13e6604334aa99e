package org.rapportcrm.sales.api;

import java.math.BigDecimal;

/**
 * Opportunities left out of every figure because no exchange rate to the corporate currency is configured for their
 * currency: how many, and their amounts summed in that currency.
 */
public record UnconvertedCurrency(String currency, long opportunityCount, BigDecimal amount) {
}
