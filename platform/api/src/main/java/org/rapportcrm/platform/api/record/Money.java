package org.rapportcrm.platform.api.record;

import java.math.BigDecimal;
import java.util.Objects;

/** An amount in an ISO 4217 currency. */
public record Money(BigDecimal amount, String currency) {
    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }
}
