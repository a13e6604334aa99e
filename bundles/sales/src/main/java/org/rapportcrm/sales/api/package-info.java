/**
 * The sales capability's services for other bundles: forecasts ({@link org.rapportcrm.sales.api.SalesForecastService})
 * and sales KPIs ({@link org.rapportcrm.sales.api.SalesKpiService}). All amounts are in the corporate currency.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.rapportcrm.sales.api;
