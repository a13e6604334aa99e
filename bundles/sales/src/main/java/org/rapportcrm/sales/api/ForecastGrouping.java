package org.rapportcrm.sales.api;

import java.util.Arrays;
import java.util.Locale;

/** The rows of a forecast: one per owner of the opportunities, or one per team of those owners. */
public enum ForecastGrouping {
    OWNER, TEAM;

    /** The name in URLs and JSON: {@code owner} or {@code team}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException when {@code text} is not {@code owner} or {@code team} */
    public static ForecastGrouping parse(String text) {
        return Arrays.stream(values()).filter(g -> g.apiName().equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not a grouping: use owner or team"));
    }
}
