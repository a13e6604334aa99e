package org.rapportcrm.platform.api.record;

/** Why one field's value was refused. {@code code} is stable for programs, {@code message} is for people. */
public record FieldError(String field, String code, String message) {
}
