package org.rapportcrm.sales.internal.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.api.KpiRequest;
import org.rapportcrm.sales.api.SalesKpis;
import org.rapportcrm.sales.api.StageConversion;
import org.rapportcrm.sales.api.UnconvertedCurrency;
import org.rapportcrm.sales.internal.SalesFixture;

/**
 * KPIs over the 61 days around today (T-30 to T+30), because the platform stamps createdAt with the current time.
 * Rates: 1 USD = 0.92 EUR, 1 GBP = 1.17 EUR, none for JPY. The tests only read, so they share one database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SalesKpiCalculatorTest {
    private static final LocalDate T = LocalDate.now(ZoneOffset.UTC);
    private static final LocalDate FROM = T.minusDays(30);
    private static final LocalDate TO = T.plusDays(30);

    private final SalesFixture fixture = SalesFixture.typesOnly();
    private final SalesData data = new SalesData(fixture);
    private final CurrencyRates rates = new CurrencyRates("EUR", List.of("USD=0.92", "GBP=1.17"));
    private final SalesKpiCalculator calculator = new SalesKpiCalculator(fixture.core.records, rates);
    private Actor ada;
    private Actor bob;

    /** Noon of the day {@code days} from today. */
    private static Instant day(int days) {
        return T.plusDays(days).atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    @BeforeAll
    void salesOfThreeSellers() {
        ada = fixture.core.user("ada", Set.of("sales"), Set.of());
        bob = fixture.core.user("bob", Set.of("sales"), Set.of());
        Actor cyd = fixture.core.user("cyd", Set.of("sales"), Set.of());
        Instant now = Instant.now();
        // Closed in the range: won k1, k2, k4 (k5 in yen is left out), lost k3.
        Record k1 = data.opportunity(ada, "k1").amount("1000", "EUR").closeDate(T).category("Closed", 100).closedDaysAfterCreation(10).create();
        data.opportunity(ada, "k2").amount("2000", "USD").closeDate(T).category("Closed", 100).closedDaysAfterCreation(20).create(); // 1840
        Record k3 = data.opportunity(bob, "k3").amount("700", "EUR").closeDate(T).category("Omitted", 0).closedAt(now.plusSeconds(5 * 86400)).create();
        data.opportunity(bob, "k4").amount("1000", "GBP").closeDate(T).category("Closed", 100).closedDaysAfterCreation(3).create(); // 1170
        data.opportunity(cyd, "k5").amount("50000", "JPY").closeDate(T).category("Closed", 100).closedAt(now.plusSeconds(7 * 86400)).create();
        // Not closed in the range: won after it, and omitted without ever closing.
        data.opportunity(ada, "k6").amount("9999", "EUR").closeDate(T).category("Closed", 100).closedAt(now.plusSeconds(100 * 86400)).create();
        data.opportunity(ada, "k7").amount("123", "EUR").closeDate(T).category("Omitted", 0).create();
        // Open: k8, k9, k11 close in the range (k11's category was never derived: it counts as open), k10 after it.
        Record k8 = data.opportunity(ada, "k8").amount("500", "EUR").closeDate(T.plusDays(10)).category("Pipeline", 10).create();
        Record k9 = data.opportunity(bob, "k9").amount("300", "USD").closeDate(T.minusDays(5)).category("Commit", 80).create(); // 276
        data.opportunity(cyd, "k10").amount("800", "EUR").closeDate(T.plusDays(60)).category("Best case", 60).create();
        data.opportunity(bob, "k11").amount("100", "EUR").closeDate(T).create();
        // Leads: ada 2 (1 converted), bob 3 (1 converted).
        data.lead(ada, "Lead A1", "Converted");
        data.lead(ada, "Lead A2", "New");
        data.lead(bob, "Lead B1", "Converted");
        data.lead(bob, "Lead B2", "Working");
        data.lead(bob, "Lead B3", "Unqualified");
        // Stage changes (the ones before T-30 are outside the range).
        data.stageChange(k1, "Prospecting", day(-40));
        data.stageChange(k1, "Qualification", day(-20));
        data.stageChange(k1, "Needs analysis", day(-10));
        data.stageChange(k1, "Proposal", day(-5));
        data.stageChange(k1, "Closed Won", day(1));
        data.stageChange(k3, "Prospecting", day(-20));
        data.stageChange(k3, "Qualification", day(-15));
        data.stageChange(k3, "Closed Lost", day(2));
        data.stageChange(k8, "Prospecting", day(-10));
        data.stageChange(k8, "Qualification", day(40));
        data.stageChange(k9, "Prospecting", day(-50));
        data.stageChange(k9, "Negotiation", day(-3));
        data.stageChange(k9, "Proposal", day(-1));
    }

    private static StageConversion stage(String name, long position, long entered, long advanced, String rate) {
        return new StageConversion(name, position, entered, advanced, rate == null ? null : new BigDecimal(rate));
    }

    private static BigDecimal d(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    @Test
    void theKpisOfEveryoneInTheRange() {
        SalesKpis kpis = calculator.kpis(Actor.system(), new KpiRequest(FROM, TO, null));

        assertEquals(new SalesKpis(FROM, TO, null, "EUR",
                d("0.7500"),        // won 3 / (won 3 + lost 1)
                d("1336.67"),       // (1000 + 1840 + 1170) / 3
                d("11.0"),          // (10 + 20 + 3) / 3 days
                d("876.00"),        // open: 500 + 276 + 100
                d("0.4000"),        // leads: 2 converted of 5
                d("4010.00"), 3, 1, 3, 5, 2,
                List.of(
                        stage("Prospecting", 1, 2, 2, "1.0000"),     // k3 and k8 both went on (k8 after the range)
                        stage("Qualification", 2, 2, 1, "0.5000"),   // k1 went on, k3 was lost
                        stage("Needs analysis", 3, 1, 1, "1.0000"),  // k1
                        stage("Proposal", 4, 2, 1, "0.5000"),        // k1 won; k9 came back from Negotiation
                        stage("Negotiation", 5, 1, 0, "0.0000"),     // k9 went back
                        stage("Closed Won", 6, 1, 0, "0.0000"),      // being lost later would be no progress
                        stage("Closed Lost", 7, 1, 0, "0.0000")),
                List.of(new UnconvertedCurrency("JPY", 1, new BigDecimal("50000.00")))), kpis);
    }

    @Test
    void theKpisOfOneOwner() {
        SalesKpis kpis = calculator.kpis(Actor.system(), new KpiRequest(FROM, TO, ada.userId()));

        assertEquals(new SalesKpis(FROM, TO, ada.userId(), "EUR",
                d("1.0000"), d("1420.00"), d("15.0"), d("500.00"), d("0.5000"),
                d("2840.00"), 2, 0, 1, 2, 1,
                List.of(
                        stage("Prospecting", 1, 1, 1, "1.0000"),
                        stage("Qualification", 2, 1, 1, "1.0000"),
                        stage("Needs analysis", 3, 1, 1, "1.0000"),
                        stage("Proposal", 4, 1, 1, "1.0000"),
                        stage("Negotiation", 5, 0, 0, null),
                        stage("Closed Won", 6, 1, 0, "0.0000"),
                        stage("Closed Lost", 7, 0, 0, null)),
                List.of()), kpis);
    }

    @Test
    void ratiosAndAveragesWithoutADenominatorAreNull() {
        LocalDate from = T.minusDays(60);
        LocalDate to = T.minusDays(31);

        SalesKpis kpis = calculator.kpis(Actor.system(), new KpiRequest(from, to, null));

        assertEquals(new SalesKpis(from, to, null, "EUR",
                null, null, null, d("0.00"), null,
                d("0.00"), 0, 0, 0, 0, 0,
                List.of(
                        stage("Prospecting", 1, 2, 2, "1.0000"),     // k1 (T-40) and k9 (T-50), who went on later
                        stage("Qualification", 2, 0, 0, null),
                        stage("Needs analysis", 3, 0, 0, null),
                        stage("Proposal", 4, 0, 0, null),
                        stage("Negotiation", 5, 0, 0, null),
                        stage("Closed Won", 6, 0, 0, null),
                        stage("Closed Lost", 7, 0, 0, null)),
                List.of()), kpis);
    }

    @Test
    void aUserWhoSeesOnlyTheirOwnRecordsGetsTheKpisOfThose() {
        SalesKpiCalculator restricted = new SalesKpiCalculator(new OwnRecordsOnly(fixture.core.records, bob), rates);

        SalesKpis kpis = restricted.kpis(bob, new KpiRequest(FROM, TO, null));

        // bob's own: won k4 (1170, 3 days), lost k3; open k9 (276) and k11 (100); leads 1 of 3 converted.
        // The stage changes were written by the platform, not by bob, so he sees none of them.
        assertEquals(new SalesKpis(FROM, TO, null, "EUR",
                d("0.5000"), d("1170.00"), d("3.0"), d("376.00"), d("0.3333"),
                d("1170.00"), 1, 1, 2, 3, 1,
                List.of(
                        stage("Prospecting", 1, 0, 0, null),
                        stage("Qualification", 2, 0, 0, null),
                        stage("Needs analysis", 3, 0, 0, null),
                        stage("Proposal", 4, 0, 0, null),
                        stage("Negotiation", 5, 0, 0, null),
                        stage("Closed Won", 6, 0, 0, null),
                        stage("Closed Lost", 7, 0, 0, null)),
                List.of()), kpis);
    }

    @Test
    void theRecordsAreReadAsTheCallerSoRecordAccessApplies() {
        Actor nobody = Actor.user("u-nobody", "nobody", Set.of("no-such-role"), Set.of());

        assertThrows(AccessDeniedException.class, () -> calculator.kpis(nobody, new KpiRequest(FROM, TO, null)));
    }

    @Test
    void theWidestRangeTheDatabaseCanHoldCountsEverything() {
        SalesKpis kpis = calculator.kpis(Actor.system(), new KpiRequest(LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), null));

        // now k6 (won 100 days from now) counts too, and k10 (open, closing in 60 days)
        assertEquals(new BigDecimal("14009.00"), kpis.wonAmount());
        assertEquals(4, kpis.wonCount());
        assertEquals(1, kpis.lostCount());
        assertEquals(new BigDecimal("1676.00"), kpis.pipelineValue());
        assertEquals(5, kpis.leadsCreated());
        // every stage change counts: Prospecting k1, k3, k8, k9; Qualification k1, k3, k8; Needs analysis k1; Proposal k1, k9;
        // Negotiation k9; Closed Won k1; Closed Lost k3
        assertEquals(List.of(4L, 3L, 1L, 2L, 1L, 1L, 1L), kpis.stageConversion().stream().map(StageConversion::entered).toList());
    }

    @Test
    void aRangeCannotEndBeforeItStarts() {
        assertThrows(IllegalArgumentException.class, () -> new KpiRequest(T, T.minusDays(1), null));
    }
}
