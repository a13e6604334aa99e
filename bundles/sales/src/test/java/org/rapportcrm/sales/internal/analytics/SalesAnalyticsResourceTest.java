package org.rapportcrm.sales.internal.analytics;

import org.rapportcrm.sales.internal.FakeExchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.api.Forecast;
import org.rapportcrm.sales.api.ForecastFigures;
import org.rapportcrm.sales.api.ForecastGrouping;
import org.rapportcrm.sales.api.ForecastMonth;
import org.rapportcrm.sales.api.ForecastPeriod;
import org.rapportcrm.sales.api.ForecastRequest;
import org.rapportcrm.sales.api.ForecastRow;
import org.rapportcrm.sales.api.KpiRequest;
import org.rapportcrm.sales.api.SalesKpis;
import org.rapportcrm.sales.api.StageConversion;
import org.rapportcrm.sales.api.UnconvertedCurrency;
import org.rapportcrm.sales.internal.SalesFixture;

/**
 * The REST side: parameters in, JSON out. The services are stand-ins that remember what they were asked, so these
 * tests are about HTTP only; the figures themselves are tested against the real core elsewhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SalesAnalyticsResourceTest {
    private static final ForecastFigures FIGURES = new ForecastFigures(new BigDecimal("4740.50"), new BigDecimal("5010.50"),
            new BigDecimal("3510.00"), new BigDecimal("1670.00"), new BigDecimal("2572.30"), 4, 4, 3, 2, 1);
    private final SalesFixture fixture = SalesFixture.typesOnly();
    private final List<ForecastRequest> forecastRequests = new ArrayList<>();
    private final List<KpiRequest> kpiRequests = new ArrayList<>();
    private final SalesAnalyticsResource resource = new SalesAnalyticsResource(
            (actor, request) -> {
                forecastRequests.add(request);
                return new Forecast(request.period(), request.groupBy(), "EUR", FIGURES,
                        List.of(new ForecastRow("t1", "West", FIGURES), new ForecastRow(null, "No team", FIGURES)),
                        List.of(new ForecastMonth(YearMonth.of(2026, 10), FIGURES)),
                        List.of(new UnconvertedCurrency("JPY", 1, new BigDecimal("100000.00"))));
            },
            (actor, request) -> {
                kpiRequests.add(request);
                return new SalesKpis(request.from(), request.to(), request.ownerId(), "EUR", new BigDecimal("0.7500"),
                        new BigDecimal("1336.67"), new BigDecimal("11.0"), new BigDecimal("876.00"), null, new BigDecimal("4010.00"),
                        3, 1, 3, 0, 0, List.of(new StageConversion("Prospecting", 1, 2, 1, new BigDecimal("0.5000"))), List.of());
            },
            fixture.core.users);
    private Actor ada;

    @BeforeAll
    void aSeller() {
        ada = fixture.core.user("ada", Set.of("sales"), Set.of());
    }

    private static Map<String, String> params(String... namesAndValues) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return params;
    }

    private FakeExchange get(String path, String... namesAndValues) throws Exception {
        return FakeExchange.get(path, params(namesAndValues), ada).run(resource.routes(), path);
    }

    private RestException refused(String path, String... namesAndValues) {
        return assertThrows(RestException.class, () -> get(path, namesAndValues));
    }

    private static Map<String, Object> figuresJson(Map<String, Object> json) {
        json.put("pipeline", new BigDecimal("4740.50"));
        json.put("bestCase", new BigDecimal("5010.50"));
        json.put("commit", new BigDecimal("3510.00"));
        json.put("closed", new BigDecimal("1670.00"));
        json.put("weighted", new BigDecimal("2572.30"));
        json.put("pipelineCount", 4L);
        json.put("bestCaseCount", 4L);
        json.put("commitCount", 3L);
        json.put("closedCount", 2L);
        json.put("omittedCount", 1L);
        return json;
    }

    @Test
    void theForecastIsPlainJsonWithItsCurrency() throws Exception {
        FakeExchange ex = get("forecast", "period", "2026-Q4", "groupBy", "team");

        assertEquals(List.of(new ForecastRequest(ForecastPeriod.quarter(2026, 4), ForecastGrouping.TEAM)), forecastRequests);
        assertEquals(200, ex.status);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("period", "2026-Q4");
        expected.put("from", "2026-10-01");
        expected.put("to", "2026-12-31");
        expected.put("groupBy", "team");
        expected.put("currency", "EUR");
        expected.put("total", figuresJson(new LinkedHashMap<>()));
        Map<String, Object> west = new LinkedHashMap<>();
        west.put("key", "t1");
        west.put("label", "West");
        Map<String, Object> noTeam = new LinkedHashMap<>();
        noTeam.put("key", null);
        noTeam.put("label", "No team");
        expected.put("rows", List.of(figuresJson(west), figuresJson(noTeam)));
        Map<String, Object> october = new LinkedHashMap<>();
        october.put("month", "2026-10");
        expected.put("months", List.of(figuresJson(october)));
        expected.put("unconvertedCurrencies", List.of(Map.of("currency", "JPY", "opportunityCount", 1L, "amount", new BigDecimal("100000.00"))));
        assertEquals(expected, ex.body);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(((Map<?, ?>) ex.body).keySet()), "in the documented order");
    }

    @Test
    void theForecastIsByOwnerUnlessToldOtherwise() throws Exception {
        get("forecast", "period", "2026");

        assertEquals(List.of(new ForecastRequest(ForecastPeriod.year(2026), ForecastGrouping.OWNER)), forecastRequests.subList(
                forecastRequests.size() - 1, forecastRequests.size()));
    }

    @Test
    void theKpisArePlainJsonWithNullForMissingRatios() throws Exception {
        FakeExchange ex = get("kpis", "from", "2026-01-01", "to", "2026-03-31", "owner", ada.userId());

        assertEquals(new KpiRequest(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 31), ada.userId()), kpiRequests.get(kpiRequests.size() - 1));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("from", "2026-01-01");
        expected.put("to", "2026-03-31");
        expected.put("owner", ada.userId());
        expected.put("currency", "EUR");
        expected.put("winRate", new BigDecimal("0.7500"));
        expected.put("averageDealSize", new BigDecimal("1336.67"));
        expected.put("salesCycleDays", new BigDecimal("11.0"));
        expected.put("pipelineValue", new BigDecimal("876.00"));
        expected.put("leadConversionRate", null);
        expected.put("wonAmount", new BigDecimal("4010.00"));
        expected.put("wonCount", 3L);
        expected.put("lostCount", 1L);
        expected.put("openCount", 3L);
        expected.put("leadsCreated", 0L);
        expected.put("leadsConverted", 0L);
        expected.put("stageConversion", List.of(Map.of("stage", "Prospecting", "position", 1L, "entered", 2L, "advanced", 1L,
                "conversionRate", new BigDecimal("0.5000"))));
        expected.put("unconvertedCurrencies", List.of());
        assertEquals(200, ex.status);
        assertEquals(expected, ex.body);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(((Map<?, ?>) ex.body).keySet()), "in the documented order");
    }

    @Test
    void theWidestRangeIsTheYears1To9999() throws Exception {
        FakeExchange ex = get("kpis", "from", "0001-01-01", "to", "9999-12-31");

        assertEquals(new KpiRequest(LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), null), kpiRequests.get(kpiRequests.size() - 1));
        assertEquals(200, ex.status);
    }

    @Test
    void theKpisOfEveryoneNeedNoOwner() throws Exception {
        FakeExchange ex = get("kpis", "from", "2026-03-31", "to", "2026-03-31");

        assertEquals(new KpiRequest(LocalDate.of(2026, 3, 31), LocalDate.of(2026, 3, 31), null), kpiRequests.get(kpiRequests.size() - 1));
        assertEquals(200, ex.status);
    }

    @ParameterizedTest(name = "{0} {1} -> 400 naming {2}")
    @CsvSource(delimiter = '|', value = {
            "forecast | (none)                                   | period",
            "forecast | period=                                  | period",
            "forecast | period=2026-Q5                           | period",
            "forecast | period=2026-13                           | period",
            "forecast | period=Q4                                | period",
            "forecast | period=2026-Q4,groupBy=region            | groupBy",
            "forecast | period=2026-Q4,groupBy=                  | groupBy",
            "kpis     | to=2026-03-31                            | from",
            "kpis     | from=2026-01-01                          | to",
            "kpis     | from=01/01/2026,to=2026-03-31            | from",
            "kpis     | from=2026-01-01,to=2026-02-30            | to",
            "kpis     | from=+10000-01-01,to=+10000-01-02        | from",
            "kpis     | from=0000-12-31,to=2026-01-01            | from",
            "kpis     | from=2026-01-01,to=2026-03-31,owner=nobody | owner",
            "kpis     | from=2026-01-01,to=2026-03-31,owner=     | owner"})
    void aMissingOrMalformedParameterIsABadRequestNamingIt(String path, String query, String parameter) {
        String[] namesAndValues = query.equals("(none)") ? new String[0]
                : Arrays.stream(query.split(",")).flatMap(p -> Arrays.stream(p.split("=", 2))).toArray(String[]::new);

        RestException e = refused(path, namesAndValues);

        assertEquals(400, e.getStatus());
        assertEquals(parameter, e.getParameter());
        assertTrue(e.getMessage().startsWith(parameter), e.getMessage());
    }

    @Test
    void aRangeEndingBeforeItStartsCannotBeProcessed() {
        RestException e = refused("kpis", "from", "2026-04-01", "to", "2026-03-31");

        assertEquals(422, e.getStatus());
        assertEquals("from", e.getParameter());
    }

    @Test
    void onlyTheForecastAndTheKpisAreServedAndOnlyToGet() {
        assertEquals(List.of("GET forecast", "GET kpis"), FakeExchange.declared(resource.routes()),
                "the platform answers 404 for other paths and 405 for other methods");
    }
}
