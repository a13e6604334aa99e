package org.rapportcrm.sales.internal.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rapportcrm.platform.api.record.BatchResult;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.api.Forecast;
import org.rapportcrm.sales.api.ForecastFigures;
import org.rapportcrm.sales.api.ForecastGrouping;
import org.rapportcrm.sales.api.ForecastPeriod;
import org.rapportcrm.sales.api.ForecastRequest;
import org.rapportcrm.sales.api.ForecastRow;
import org.rapportcrm.sales.api.UnconvertedCurrency;
import org.rapportcrm.sales.internal.SalesFixture;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * The forecast of 2026-Q4 over eight opportunities of three sellers (ada in West, bob in West and East, cyd in no team)
 * plus two outside the quarter. Rates: 1 USD = 0.92 EUR, 1 GBP = 1.17 EUR, none for JPY. Expected figures are worked
 * out by hand next to each assertion. The tests only read, so they share one database (users' passwords are slow to
 * hash on purpose); the one that adds records puts them in a month of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SalesForecasterTest {
    private final SalesFixture fixture = SalesFixture.typesOnly();
    private final SalesData data = new SalesData(fixture);
    private final CurrencyRates rates = new CurrencyRates("EUR", List.of("USD=0.92", "GBP=1.17"));
    private final SalesForecaster forecaster = new SalesForecaster(fixture.core.records, fixture.core.users, rates);
    private Actor ada;
    private Actor bob;
    private Actor cyd;
    private String west;
    private String east;

    @BeforeAll
    void opportunities() {
        west = fixture.core.users.createTeam(Actor.system(), "West").id();
        east = fixture.core.users.createTeam(Actor.system(), "East").id();
        ada = fixture.core.user("ada", Set.of("sales"), Set.of(west));
        bob = fixture.core.user("bob", Set.of("sales"), Set.of(west, east));
        cyd = fixture.core.user("cyd", Set.of("sales"), Set.of());
        Instant closed = Instant.parse("2026-09-20T10:00:00Z");
        // ada
        data.opportunity(ada, "o1").amount("1000", "EUR").closeDate("2026-10-15").category("Pipeline", 10).create();
        data.opportunity(ada, "o2").amount("2000", "USD").closeDate("2026-11-03").category("Commit", 80).create();   // 1840.00 EUR
        data.opportunity(ada, "o3").amount("500", "EUR").closeDate("2026-12-20").category("Closed", 100).closedAt(closed).create();
        data.opportunity(ada, "o4").amount("300", "EUR").closeDate("2026-10-01").category("Omitted", 0).closedAt(closed).create();
        // bob
        data.opportunity(bob, "o5").amount("1500.50", "EUR").closeDate("2026-11-30").category("Best case", 60).create();
        data.opportunity(bob, "o6").amount("100000", "JPY").closeDate("2026-12-01").category("Commit", 80).create(); // no rate
        data.opportunity(bob, "o7").amount("1000", "GBP").closeDate("2026-12-31").category("Closed", 100).closedAt(closed).create(); // 1170.00 EUR
        // cyd
        data.opportunity(cyd, "o8").amount("400", "EUR").closeDate("2026-10-31").category("Pipeline", 25).create();
        // outside the quarter
        data.opportunity(ada, "o9").amount("9999", "EUR").closeDate("2026-09-30").category("Pipeline", 10).create();
        data.opportunity(bob, "o10").amount("8888", "EUR").closeDate("2027-01-01").category("Commit", 80).create();
    }

    private Forecast forecast(Actor actor, String period, ForecastGrouping groupBy) {
        return forecaster.forecast(actor, new ForecastRequest(ForecastPeriod.parse(period), groupBy));
    }

    private static ForecastFigures figures(String pipeline, String bestCase, String commit, String closed, String weighted,
            long pipelineCount, long bestCaseCount, long commitCount, long closedCount, long omittedCount) {
        return new ForecastFigures(new BigDecimal(pipeline), new BigDecimal(bestCase), new BigDecimal(commit), new BigDecimal(closed),
                new BigDecimal(weighted), pipelineCount, bestCaseCount, commitCount, closedCount, omittedCount);
    }

    // pipeline  = o1 1000 + o2 1840 + o5 1500.50 + o8 400        = 4740.50 (4)
    // bestCase  = o5 1500.50 + o2 1840 + o3 500 + o7 1170        = 5010.50 (4)
    // commit    = o2 1840 + o3 500 + o7 1170                     = 3510.00 (3)
    // closed    = o3 500 + o7 1170                               = 1670.00 (2)
    // weighted  = 1000x10% + 1840x80% + 1500.50x60% + 400x25%    = 100 + 1472 + 900.30 + 100 = 2572.30
    private static final ForecastFigures Q4_TOTAL = figures("4740.50", "5010.50", "3510.00", "1670.00", "2572.30", 4, 4, 3, 2, 1);
    // ada: o1, o2, o3, o4; weighted 100 + 1472
    private static final ForecastFigures ADA = figures("2840.00", "2340.00", "2340.00", "500.00", "1572.00", 2, 2, 2, 1, 1);
    // bob: o5, o7 (o6 in yen is left out)
    private static final ForecastFigures BOB = figures("1500.50", "2670.50", "1170.00", "1170.00", "900.30", 1, 2, 1, 1, 0);
    // cyd: o8
    private static final ForecastFigures CYD = figures("400.00", "0.00", "0.00", "0.00", "100.00", 1, 0, 0, 0, 0);

    @Test
    void aQuarterByOwnerSumsEachCategoryInTheCorporateCurrency() {
        Forecast f = forecast(Actor.system(), "2026-Q4", ForecastGrouping.OWNER);

        assertEquals("EUR", f.currency());
        assertEquals(Q4_TOTAL, f.total());
        assertEquals(List.of(new ForecastRow(ada.userId(), "ada", ADA), new ForecastRow(bob.userId(), "bob", BOB),
                new ForecastRow(cyd.userId(), "cyd", CYD)), f.rows());
    }

    @Test
    void anOpportunityInACurrencyWithoutARateIsLeftOutAndListed() {
        Forecast f = forecast(Actor.system(), "2026-Q4", ForecastGrouping.OWNER);

        assertEquals(List.of(new UnconvertedCurrency("JPY", 1, new BigDecimal("100000.00"))), f.unconvertedCurrencies());
        assertEquals(3, f.total().commitCount(), "o6 (Commit, in yen) is not among the commits");
    }

    @Test
    void theMonthsOfTheQuarterAddUpToItsTotal() {
        Forecast f = forecast(Actor.system(), "2026-Q4", ForecastGrouping.OWNER);

        assertEquals(List.of(YearMonth.of(2026, 10), YearMonth.of(2026, 11), YearMonth.of(2026, 12)),
                f.months().stream().map(m -> m.month()).toList());
        // October: o1, o4 (omitted), o8
        assertEquals(figures("1400.00", "0.00", "0.00", "0.00", "200.00", 2, 0, 0, 0, 1), f.months().get(0).figures());
        // November: o2, o5
        assertEquals(figures("3340.50", "3340.50", "1840.00", "0.00", "2372.30", 2, 2, 1, 0, 0), f.months().get(1).figures());
        // December: o3, o7
        assertEquals(figures("0.00", "1670.00", "1670.00", "1670.00", "0.00", 0, 2, 2, 2, 0), f.months().get(2).figures());
    }

    @Test
    void byTeamAnOpportunityCountsInEveryTeamOfItsOwnerAndOnceInTheTotal() {
        Forecast f = forecast(Actor.system(), "2026-Q4", ForecastGrouping.TEAM);

        // West = ada + bob: pipeline 2840 + 1500.50, bestCase 2340 + 2670.50, commit 2340 + 1170, closed 500 + 1170
        ForecastFigures westFigures = figures("4340.50", "5010.50", "3510.00", "1670.00", "2472.30", 3, 4, 3, 2, 1);
        assertEquals(List.of(new ForecastRow(east, "East", BOB), new ForecastRow(west, "West", westFigures),
                new ForecastRow(null, SalesForecaster.NO_TEAM_LABEL, CYD)), f.rows());
        assertEquals(Q4_TOTAL, f.total());
        assertEquals(ForecastGrouping.TEAM, f.groupBy());
    }

    @Test
    void aMonthAndAYearCoverTheirOwnCloseDates() {
        Forecast november = forecast(Actor.system(), "2026-11", ForecastGrouping.OWNER);
        assertEquals(figures("3340.50", "3340.50", "1840.00", "0.00", "2372.30", 2, 2, 1, 0, 0), november.total());
        assertEquals(1, november.months().size());
        assertEquals(List.of(), november.unconvertedCurrencies());

        Forecast year = forecast(Actor.system(), "2026", ForecastGrouping.OWNER);
        // the quarter plus o9 (9999, Pipeline 10%) in September; o10 closes in 2027
        assertEquals(figures("14739.50", "5010.50", "3510.00", "1670.00", "3572.20", 5, 4, 3, 2, 1), year.total());
        assertEquals(12, year.months().size());
    }

    @Test
    void aUserWhoSeesOnlyTheirOwnRecordsGetsTheForecastOfThose() {
        SalesForecaster restricted = new SalesForecaster(new OwnRecordsOnly(fixture.core.records, bob), fixture.core.users, rates);

        Forecast f = restricted.forecast(bob, new ForecastRequest(ForecastPeriod.parse("2026-Q4"), ForecastGrouping.OWNER));

        assertEquals(BOB, f.total());
        assertEquals(List.of(new ForecastRow(bob.userId(), "bob", BOB)), f.rows());
        assertEquals(List.of(new UnconvertedCurrency("JPY", 1, new BigDecimal("100000.00"))), f.unconvertedCurrencies());
    }

    @Test
    void theRecordsAreReadAsTheCallerSoRecordAccessApplies() {
        Actor nobody = Actor.user("u-nobody", "nobody", Set.of("no-such-role"), Set.of());

        assertThrows(AccessDeniedException.class, () -> forecast(nobody, "2026-Q4", ForecastGrouping.OWNER));
    }

    @Test
    void morePagesThanOneAreAllCounted() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < RecordPages.PAGE_SIZE + 1; i++) {
            Map<String, Object> row = new HashMap<>(Map.of("name", "bulk " + i, "stage", "Prospecting", "closeDate", "2027-03-10",
                    "amount", Map.of("amount", "2", "currency", "EUR"), "forecastCategory", "Pipeline", "probability", 50));
            row.put("owner", cyd.userId());
            rows.add(row);
        }
        BatchResult result = fixture.core.records.createAll(Actor.system(), SalesTypes.OPPORTUNITY, rows);
        assertEquals(Map.of(), result.failures());

        Forecast f = forecast(Actor.system(), "2027-03", ForecastGrouping.OWNER);

        assertEquals(figures("1002.00", "0.00", "0.00", "0.00", "501.00", 501, 0, 0, 0, 0), f.total());
    }

    @Test
    void anEmptyPeriodHasZeroFiguresAndEveryMonth() {
        Forecast f = forecast(Actor.system(), "2025-Q1", ForecastGrouping.TEAM);

        assertEquals(figures("0.00", "0.00", "0.00", "0.00", "0.00", 0, 0, 0, 0, 0), f.total());
        assertEquals(List.of(), f.rows());
        assertEquals(3, f.months().size());
    }
}
