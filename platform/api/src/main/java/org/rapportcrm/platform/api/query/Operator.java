package org.rapportcrm.platform.api.query;

import java.util.Arrays;
import java.util.Optional;

public enum Operator {
    EQ("eq"), NE("ne"), GT("gt"), GE("ge"), LT("lt"), LE("le"), STARTS_WITH("sw"), IN("in"), IS_EMPTY("empty"),
    IS_NOT_EMPTY("notempty");

    private final String token;

    Operator(String token) {
        this.token = token;
    }

    /** The word used in filter expressions, for example {@code ge}. */
    public String token() {
        return token;
    }

    public boolean takesValue() {
        return this != IS_EMPTY && this != IS_NOT_EMPTY;
    }

    public static Optional<Operator> ofToken(String token) {
        return Arrays.stream(values()).filter(o -> o.token.equalsIgnoreCase(token)).findFirst();
    }
}
