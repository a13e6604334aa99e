package org.rapportcrm.sales.api;

import java.math.BigDecimal;

/**
 * How many opportunities entered a stage of the standard process in the range, and how many of those went on to a
 * later stage (at any time since; a stage with the outcome Lost is no progress). {@code conversionRate} is
 * {@code advanced / entered} (0 to 1, 4 decimals), null when none entered.
 */
public record StageConversion(String stage, long position, long entered, long advanced, BigDecimal conversionRate) {
}
