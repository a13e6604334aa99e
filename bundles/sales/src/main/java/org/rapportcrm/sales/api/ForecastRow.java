package org.rapportcrm.sales.api;

/**
 * One group of a forecast. By owner: {@code key} is the user id and {@code label} the user's display name. By team:
 * {@code key} is the team id and {@code label} its name; owners in no team form one row with a null key.
 */
public record ForecastRow(String key, String label, ForecastFigures figures) {
}
