package org.rapportcrm.sales.internal.analytics;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport sales currencies", description = "The currency of forecasts and KPIs, and how other currencies convert to it")
public @interface CurrencyConfig {
    String PID = "org.rapportcrm.sales.currency";

    @AttributeDefinition(description = "ISO 4217 code of the currency all sales figures are shown in")
    String corporateCurrency() default "EUR";

    @AttributeDefinition(description = "One entry per currency, CODE=rate meaning 1 CODE = rate corporate units, for example USD=0.92."
            + " Opportunities in a currency without a rate are left out of the figures and listed apart.")
    String[] exchangeRates() default {};
}
