package org.rapportcrm.bench.runner;

import java.util.Locale;

/** How figures are rounded for the JSON and written in the table. */
final class Figures {
    private Figures() {
    }

    /** Two decimals. */
    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** A throughput ratio, rounded to five decimals. */
    static double ratio(double numerator, double denominator) {
        return round(numerator / denominator * 1000) / 1000.0;
    }

    static String oneDecimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
