package org.rapportcrm.sales.internal.analytics;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.platform.api.record.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts amounts into the corporate currency with the configured rates. A rate entry that cannot be read is logged
 * and skipped rather than refusing all figures: its currency then shows up as unconverted, never as a wrong sum.
 */
@Component(service = CurrencyRates.class, configurationPid = CurrencyConfig.PID)
@Designate(ocd = CurrencyConfig.class)
public class CurrencyRates {
    private static final Logger LOG = LoggerFactory.getLogger(CurrencyRates.class);
    private final String corporateCurrency;
    private final Map<String, BigDecimal> rates = new HashMap<>();

    @Activate
    public CurrencyRates(CurrencyConfig config) {
        this(config.corporateCurrency(), List.of(config.exchangeRates()));
    }

    CurrencyRates(String corporateCurrency, List<String> exchangeRates) {
        String corporate = corporateCurrency == null ? "" : corporateCurrency.trim().toUpperCase(Locale.ROOT);
        if (!isCurrency(corporate)) {
            throw new IllegalArgumentException(CurrencyConfig.PID + ": corporateCurrency '" + corporateCurrency
                    + "' is not an ISO 4217 currency code");
        }
        this.corporateCurrency = corporate;
        for (String entry : exchangeRates) {
            parse(entry);
        }
        rates.put(corporate, BigDecimal.ONE);
    }

    public String corporateCurrency() {
        return corporateCurrency;
    }

    /** The amount in the corporate currency, unrounded; empty when there is no rate for its currency. */
    public Optional<BigDecimal> toCorporate(Money money) {
        BigDecimal rate = rates.get(money.currency().toUpperCase(Locale.ROOT));
        return rate == null ? Optional.empty() : Optional.of(money.amount().multiply(rate));
    }

    private void parse(String entry) {
        if (entry == null || entry.isBlank()) {
            return; // what an editor leaves of an empty list
        }
        String[] parts = entry.split("=", -1);
        String code = parts.length == 2 ? parts[0].trim().toUpperCase(Locale.ROOT) : "";
        try {
            BigDecimal rate = parts.length == 2 ? new BigDecimal(parts[1].trim()) : BigDecimal.ZERO;
            if (isCurrency(code) && rate.signum() > 0) {
                rates.put(code, rate);
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("{}: ignoring exchange rate '{}' (expected CODE=rate with a positive rate, such as USD=0.92)", CurrencyConfig.PID, entry);
    }

    private static boolean isCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
