package org.rapportcrm.sales.api;

import org.osgi.annotation.versioning.ProviderType;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Sales KPIs over a date range (win rate, deal size, sales cycle, pipeline, lead and stage conversion), optionally for
 * one owner. Records are read as {@code actor}, so the actor's record access applies.
 */
@ProviderType
public interface SalesKpiService {
    SalesKpis kpis(Actor actor, KpiRequest request);
}
