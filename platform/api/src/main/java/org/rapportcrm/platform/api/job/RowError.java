package org.rapportcrm.platform.api.job;

/** Why one input row was refused: its number in the input (the first data row is 1), the field and the reason. */
public record RowError(long row, String field, String message) {
}
