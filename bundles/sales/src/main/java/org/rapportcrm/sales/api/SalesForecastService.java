package org.rapportcrm.sales.api;

import org.osgi.annotation.versioning.ProviderType;
import org.rapportcrm.platform.api.security.Actor;

/**
 * The sales forecast of a period: the opportunities whose close date falls in it, summed by forecast category per
 * owner or team, in total and per month. Records are read as {@code actor}, so the actor's record access applies.
 */
@ProviderType
public interface SalesForecastService {
    Forecast forecast(Actor actor, ForecastRequest request);
}
