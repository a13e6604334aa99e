package org.rapportcrm.sales.internal.analytics;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.rapportcrm.platform.api.metadata.FieldFormats;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.sales.api.ForecastGrouping;
import org.rapportcrm.sales.api.ForecastPeriod;
import org.rapportcrm.sales.api.ForecastRequest;
import org.rapportcrm.sales.api.KpiRequest;
import org.rapportcrm.sales.api.SalesForecastService;
import org.rapportcrm.sales.api.SalesKpiService;

/**
 * Forecasts and KPIs for dashboards, computed from the records the caller may read. All amounts are numbers with 2
 * decimals in the corporate currency named by {@code currency}; ratios are numbers from 0 to 1 with 4 decimals;
 * a ratio or average without a denominator is {@code null}. Opportunities in a currency without an exchange rate are
 * left out of every figure and listed in {@code unconvertedCurrencies} (amount summed in their own currency).
 * A missing or malformed parameter is a 400 problem naming it.
 *
 * <h2>{@code GET /api/v1/sales/forecast?period=2026-Q4[&groupBy=owner|team]}</h2>
 * {@code period}: a month {@code 2026-11}, a quarter {@code 2026-Q4} or a year {@code 2026} (required);
 * {@code groupBy}: {@code owner} (default) or {@code team}. Counts the opportunities whose close date is in the period.
 * <pre>
 * {
 *   "period": "2026-Q4", "from": "2026-10-01", "to": "2026-12-31", "groupBy": "owner", "currency": "EUR",
 *   "total": FIGURES,
 *   "rows": [ {"key": "&lt;user id | team id | null&gt;", "label": "Ada Lovelace", ...FIGURES} ],
 *   "months": [ {"month": "2026-10", ...FIGURES}, {"month": "2026-11", ...}, {"month": "2026-12", ...} ],
 *   "unconvertedCurrencies": [ {"currency": "JPY", "opportunityCount": 1, "amount": 500000.00} ]
 * }
 * FIGURES = "pipeline": 1000.00, "bestCase": 0.00, "commit": 0.00, "closed": 0.00, "weighted": 100.00,
 *           "pipelineCount": 1, "bestCaseCount": 0, "commitCount": 0, "closedCount": 0, "omittedCount": 0
 * </pre>
 * {@code pipeline}: open opportunities (forecast category Pipeline, Best case or Commit); {@code bestCase}: Best case
 * + Commit + Closed; {@code commit}: Commit + Closed; {@code closed}: won (Closed); {@code weighted}: sum of amount x
 * probability / 100 over the open ones; each {@code ...Count} is the number of opportunities in the amount of that
 * name, {@code omittedCount} those lost or excluded (Omitted). Rows: by owner, key = user id and label = display name;
 * by team, key = team id and label = team name, an opportunity counting in each team of its owner, owners in no team
 * in a last row with key {@code null} and label "No team". Rows are sorted by label and list only groups with
 * opportunities; {@code total} counts every opportunity once; {@code months} lists every month of the period.
 *
 * <h2>{@code GET /api/v1/sales/kpis?from=2026-01-01&to=2026-03-31[&owner=<userId>]}</h2>
 * {@code from}, {@code to}: ISO dates, both included, UTC days (required, from not after to); {@code owner}: a user id
 * to limit every figure to that user's records (optional).
 * <pre>
 * {
 *   "from": "2026-01-01", "to": "2026-03-31", "owner": null, "currency": "EUR",
 *   "winRate": 0.6667, "averageDealSize": 1500.00, "salesCycleDays": 15.0, "pipelineValue": 4200.00,
 *   "leadConversionRate": 0.2500,
 *   "wonAmount": 3000.00, "wonCount": 2, "lostCount": 1, "openCount": 3, "leadsCreated": 4, "leadsConverted": 1,
 *   "stageConversion": [ {"stage": "Prospecting", "position": 1, "entered": 3, "advanced": 2, "conversionRate": 0.6667}, ... ],
 *   "unconvertedCurrencies": [ {"currency": "JPY", "opportunityCount": 1, "amount": 500000.00} ]
 * }
 * </pre>
 * Won/lost: opportunities whose closedAt is in the range with forecast category Closed (won) or Omitted (lost);
 * {@code winRate} = won / (won + lost); {@code averageDealSize} = wonAmount / wonCount; {@code salesCycleDays} = average
 * days from creation to closedAt of the won ones (1 decimal); {@code pipelineValue} and {@code openCount}: opportunities
 * open now whose close date is in the range; {@code leadsCreated}: leads created in the range, {@code leadsConverted}:
 * those of them now Converted, {@code leadConversionRate} = converted / created; {@code stageConversion}: per stage of
 * the Standard process in position order, the opportunities that entered it in the range and how many of those later
 * entered a later stage (a Lost stage does not count as progress), {@code conversionRate} = advanced / entered.
 */
@Component
public class SalesAnalyticsResource implements RestResource {
    private final SalesForecastService forecasts;
    private final SalesKpiService kpis;
    private final UserService users;

    @Activate
    public SalesAnalyticsResource(@Reference SalesForecastService forecasts, @Reference SalesKpiService kpis, @Reference UserService users) {
        this.forecasts = forecasts;
        this.kpis = kpis;
        this.users = users;
    }

    @Override
    public String path() {
        return "sales";
    }

    @Override
    public List<RestRoute> routes() {
        JsonSchema date = JsonSchema.string().format("date").pattern("^(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}$");
        return List.of(
                RestRoute.get("forecast").summary("The sales forecast of a period, by owner or team")
                        .queryParameter("period", JsonSchema.string().pattern("^(?!0000)[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$"), true,
                                "a month (2026-11), a quarter (2026-Q4) or a year (2026)")
                        .queryParameter("groupBy", JsonSchema.string().enumValues("owner", "team").defaultValue("owner"), false,
                                "rows by owner or by team")
                        .response(200, "The forecast; amounts in the corporate currency", FORECAST)
                        .handler(ex -> ex.send(200, AnalyticsJson.forecast(forecasts.forecast(ex.actor(), forecastRequest(ex))))),
                RestRoute.get("kpis").summary("Sales KPIs of a date range: win rate, deal size, cycle, pipeline, conversions")
                        .queryParameter("from", date, true, "first day, included")
                        .queryParameter("to", date, true, "last day, included")
                        .queryParameter("owner", JsonSchema.string().pattern(FieldFormats.ID), false, "limit every figure to this user's records")
                        .response(200, "The KPIs; amounts in the corporate currency", KPIS)
                        .problem(422, "from is after to")
                        .handler(ex -> ex.send(200, AnalyticsJson.kpis(kpis.kpis(ex.actor(), kpiRequest(ex))))));
    }

    private static final JsonSchema AMOUNT = JsonSchema.number();
    private static final JsonSchema COUNT = JsonSchema.integer().minimum(0);
    private static final JsonSchema RATIO = JsonSchema.number().minimum(0).maximum(1).nullable();
    private static final JsonSchema UNCONVERTED = JsonSchema.array(JsonSchema.object().openProperties()
            .property("currency", JsonSchema.string()).property("opportunityCount", COUNT).property("amount", AMOUNT)
            .required("currency", "opportunityCount", "amount"));
    private static final JsonSchema FIGURES = figures(JsonSchema.object().openProperties());
    private static final JsonSchema FORECAST = JsonSchema.object().openProperties()
            .property("period", JsonSchema.string()).property("from", JsonSchema.string().format("date"))
            .property("to", JsonSchema.string().format("date")).property("groupBy", JsonSchema.string().enumValues("owner", "team"))
            .property("currency", JsonSchema.string()).property("total", FIGURES)
            .property("rows", JsonSchema.array(figures(JsonSchema.object().openProperties()
                    .property("key", JsonSchema.string().nullable()).property("label", JsonSchema.string()))))
            .property("months", JsonSchema.array(figures(JsonSchema.object().openProperties().property("month", JsonSchema.string()))))
            .property("unconvertedCurrencies", UNCONVERTED)
            .required("period", "from", "to", "groupBy", "currency", "total", "rows", "months", "unconvertedCurrencies");
    private static final JsonSchema KPIS = JsonSchema.object().openProperties()
            .property("from", JsonSchema.string().format("date")).property("to", JsonSchema.string().format("date"))
            .property("owner", JsonSchema.string().nullable()).property("currency", JsonSchema.string())
            .property("winRate", RATIO).property("averageDealSize", AMOUNT.nullable())
            .property("salesCycleDays", JsonSchema.number().nullable()).property("pipelineValue", AMOUNT)
            .property("leadConversionRate", RATIO).property("wonAmount", AMOUNT).property("wonCount", COUNT)
            .property("lostCount", COUNT).property("openCount", COUNT).property("leadsCreated", COUNT).property("leadsConverted", COUNT)
            .property("stageConversion", JsonSchema.array(JsonSchema.object().openProperties().property("stage", JsonSchema.string())
                    .property("position", JsonSchema.integer()).property("entered", COUNT).property("advanced", COUNT)
                    .property("conversionRate", RATIO)))
            .property("unconvertedCurrencies", UNCONVERTED)
            .required("from", "to", "owner", "currency", "winRate", "averageDealSize", "salesCycleDays", "pipelineValue",
                    "leadConversionRate", "wonAmount", "wonCount", "lostCount", "openCount", "leadsCreated", "leadsConverted",
                    "stageConversion", "unconvertedCurrencies");

    private static JsonSchema figures(JsonSchema row) {
        return row.property("pipeline", AMOUNT).property("bestCase", AMOUNT).property("commit", AMOUNT).property("closed", AMOUNT)
                .property("weighted", AMOUNT).property("pipelineCount", COUNT).property("bestCaseCount", COUNT)
                .property("commitCount", COUNT).property("closedCount", COUNT).property("omittedCount", COUNT)
                .required("pipeline", "bestCase", "commit", "closed", "weighted", "pipelineCount", "bestCaseCount",
                        "commitCount", "closedCount", "omittedCount");
    }

    private static ForecastRequest forecastRequest(RestExchange ex) {
        String text = required(ex, "period", "a month (2026-11), a quarter (2026-Q4) or a year (2026)");
        ForecastPeriod period;
        try {
            period = ForecastPeriod.parse(text);
        } catch (IllegalArgumentException e) {
            throw RestException.badRequest("period", "period: " + e.getMessage());
        }
        String groupBy = ex.query("groupBy");
        try {
            return new ForecastRequest(period, groupBy == null ? ForecastGrouping.OWNER : ForecastGrouping.parse(groupBy.trim()));
        } catch (IllegalArgumentException e) {
            throw RestException.badRequest("groupBy", "groupBy: " + e.getMessage());
        }
    }

    private KpiRequest kpiRequest(RestExchange ex) {
        LocalDate from = date(ex, "from");
        LocalDate to = date(ex, "to");
        if (from.isAfter(to)) {
            // Each date is well formed; together they make no range: a request that cannot be processed (422).
            throw new RestException(422, "from", "from (" + from + ") must not be after to (" + to + ")");
        }
        String owner = ex.query("owner");
        if (owner != null) {
            owner = owner.trim();
            if (owner.isEmpty() || users.user(ex.actor(), owner).isEmpty()) {
                throw RestException.badRequest("owner", "owner: no user with the id '" + owner + "'");
            }
        }
        return new KpiRequest(from, to, owner);
    }

    private static LocalDate date(RestExchange ex, String name) {
        String text = required(ex, name, "a date as YYYY-MM-DD");
        try {
            LocalDate date = LocalDate.parse(text);
            if (date.getYear() >= 1 && date.getYear() <= 9999) {
                return date;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw RestException.badRequest(name, name + ": '" + text + "' is not a date as YYYY-MM-DD from 0001-01-01 to 9999-12-31");
    }

    private static String required(RestExchange ex, String name, String expected) {
        String value = ex.query(name);
        if (value == null || value.isBlank()) {
            throw RestException.badRequest(name, name + " is required: " + expected);
        }
        return value.trim();
    }
}
