package org.rapportcrm.sales.internal.quote;

import java.util.Locale;
import org.rapportcrm.platform.api.record.Money;

/** How quotes print money: grouped thousands, two decimals, then the currency code ("1,234.50 EUR"), in any locale. */
final class AmountFormat {
    private AmountFormat() {
    }

    static String format(Money money) {
        return money == null ? "" : String.format(Locale.ROOT, "%,.2f %s", money.amount(), money.currency());
    }
}
