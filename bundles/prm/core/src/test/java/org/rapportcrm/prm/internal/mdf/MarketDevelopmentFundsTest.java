package org.rapportcrm.prm.internal.mdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.file.FileChangeRefusedException;
import org.rapportcrm.platform.api.file.NewFile;
import org.rapportcrm.platform.api.file.StoredFile;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.NewUser;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.platform.core.internal.MutableClock;
import org.rapportcrm.platform.core.internal.security.StandardSharing;
import org.rapportcrm.prm.api.Partners;
import org.rapportcrm.prm.internal.PrmSharing;
import org.rapportcrm.prm.internal.PrmTypes;
import org.rapportcrm.prm.internal.SalesStandIn;

/**
 * Market development funds over the real core (in-memory Derby): allocations from the tier, requests within the
 * balance (also when they come at once), the channel manager's decisions, claims with proof within what was approved,
 * and partners who never see each other's funds.
 */
class MarketDevelopmentFundsTest {
    private static final LocalDate START = LocalDate.parse("2026-03-01");
    final CoreFixture core = new CoreFixture(dataSource());
    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T08:00:00Z"));
    final MdfFunds funds = new MdfFunds(core.records);
    final MdfDecisions decisions = new MdfDecisions(core.records, core.policy, core.files, clock);

    {
        core.metadata.addProvider(new SalesStandIn());
        core.metadata.addProvider(new PrmTypes());
        core.metadata.addProvider(new MdfTypes());
        core.policy.addSharingRule(new StandardSharing.Accounts());
        core.policy.addSharingRule(new PrmSharing.Opportunities());
        core.policy.addSharingRule(new PrmSharing.Leads());
        core.policy.addSharingRule(new MdfSharing.Allocations());
        core.policy.addSharingRule(new MdfSharing.Requests());
        core.policy.addSharingRule(new MdfSharing.Claims());
        core.records.addTrigger(new AllocationRules(core.records), "org.rapportcrm.prm");
        core.records.addTrigger(new RequestRules(core.records, funds), "org.rapportcrm.prm");
        core.records.addTrigger(new ClaimRules(core.records, funds), "org.rapportcrm.prm");
    }

    final String gold = core.records.create(Actor.system(), Partners.TIER, Map.of("name", "Gold",
            "mdfAllowance", new Money(BigDecimal.valueOf(40_000), "EUR"))).getId();
    final Record alpha = partner("Alpha Integrators", gold);
    final Record beta = partner("Beta Resellers", gold);
    final Actor alice = partnerUser("alice", alpha);
    final Actor bob = partnerUser("bob", beta);
    final Actor carla = core.user("carla", Set.of("channel-manager"), Set.of());
    final Actor sam = core.user("sam", Set.of("sales"), Set.of());

    /** In-memory Derby; {@link PostgresMarketDevelopmentFundsTest} runs the same on PostgreSQL. */
    javax.sql.DataSource dataSource() {
        return CoreFixture.memoryDataSource();
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void anAllocationGetsTheTiersYearlyAllowanceOrAQuarterOfItOncePerPartnerAndPeriod() {
        Record year = allocate(alpha, "2026", null);
        assertMoney(40_000, year.get(Mdf.AMOUNT));
        assertMoney(40_000, year.get(Mdf.REMAINING));
        assertMoney(10_000, allocate(beta, "2026-Q2", null).get(Mdf.AMOUNT));
        assertEquals("period", field(() -> allocate(alpha, "2026", 5_000)));
        assertEquals("period", field(() -> allocate(beta, "26-Q5", 5_000)));
        assertThrows(AccessDeniedException.class, () -> core.records.create(alice, Mdf.ALLOCATION, Map.of(Mdf.PARTNER_ACCOUNT, alpha.getId(),
                "period", "2027")), "partners read their allocations, they do not make them");
        assertEquals(Mdf.REMAINING, assertThrows(AccessDeniedException.class, () -> core.records.update(carla, Mdf.ALLOCATION, year.getId(),
                year.getVersion(), Map.of(Mdf.REMAINING, eur(99_999)))).getField(), "the balance is counted, never typed");
        Record raised = core.records.update(carla, Mdf.ALLOCATION, year.getId(), year.getVersion(), Map.of(Mdf.AMOUNT, eur(50_000)));
        assertMoney(50_000, raised.get(Mdf.REMAINING));
    }

    @Test
    void aRequestBeyondTheRemainingBalanceIsRefusedNamingTheAmountAndNothingIsKept() {
        Record allocation = allocate(alpha, "2026", 10_000);
        request(alice, allocation, 6_000);
        assertEquals(Mdf.AMOUNT, field(() -> request(alice, allocation, 4_001)));
        assertEquals(1, core.records.count(carla, Mdf.REQUEST, null), "the refused request is not kept");
        Record balance = core.records.get(alice, Mdf.ALLOCATION, allocation.getId());
        assertMoney(6_000, balance.get(Mdf.REQUESTED));
        assertMoney(4_000, balance.get(Mdf.REMAINING));
        request(alice, allocation, 4_000);
        assertMoney(0, core.records.get(alice, Mdf.ALLOCATION, allocation.getId()).get(Mdf.REMAINING));
    }

    @Test
    void requestsThatComeAtOnceNeverOverdrawTheAllocationTogether() throws Exception {
        Record allocation = allocate(alpha, "2026", 10_000);
        int callers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<Record>> results = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                Callable<Record> call = () -> {
                    start.await();
                    return request(alice, allocation, 3_000);
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            int granted = 0;
            int refused = 0;
            for (Future<Record> result : results) {
                try {
                    result.get(60, TimeUnit.SECONDS);
                    granted++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertEquals(Mdf.AMOUNT, ((ValidationException) e.getCause()).getErrors().get(0).field());
                    refused++;
                }
            }
            assertEquals(3, granted, "3 x 3,000 fit into 10,000, a fourth does not");
            assertEquals(callers - 3, refused);
        } finally {
            pool.shutdownNow();
        }
        Record balance = core.records.get(carla, Mdf.ALLOCATION, allocation.getId());
        assertMoney(9_000, balance.get(Mdf.REQUESTED));
        assertMoney(1_000, balance.get(Mdf.REMAINING));
        assertEquals(3, core.records.count(carla, Mdf.REQUEST, null));
    }

    @Test
    void theChannelManagerApprovesForLessOrRejectsWithAReasonAndTheBalanceFollows() {
        Record allocation = allocate(alpha, "2026", 10_000);
        Record webinar = request(alice, allocation, 4_000);
        Record fair = request(alice, allocation, 3_000);
        assertEquals("status", assertThrows(AccessDeniedException.class, () -> core.records.update(alice, Mdf.REQUEST, webinar.getId(),
                webinar.getVersion(), Map.of("status", Mdf.APPROVED))).getField());
        assertThrows(AccessDeniedException.class, () -> decisions.approveRequest(alice, webinar.getId(), null, null));
        assertThrows(AccessDeniedException.class, () -> decisions.approveRequest(sam, webinar.getId(), null, null),
                "deciding needs approveMarketDevelopmentFunds");
        assertEquals(Mdf.APPROVED_AMOUNT, field(() -> decisions.approveRequest(carla, webinar.getId(), BigDecimal.valueOf(4_500), null)));

        Record approved = decisions.approveRequest(carla, webinar.getId(), BigDecimal.valueOf(2_500), "Half the ads budget");
        assertEquals(Mdf.APPROVED, approved.get("status"));
        assertMoney(2_500, approved.get(Mdf.APPROVED_AMOUNT));
        assertEquals("reason", field(() -> decisions.rejectRequest(carla, fair.getId(), " ")));
        decisions.rejectRequest(carla, fair.getId(), "The fair is outside your territory");
        assertEquals("status", field(() -> decisions.approveRequest(carla, fair.getId(), null, null)));

        Record balance = core.records.get(alice, Mdf.ALLOCATION, allocation.getId());
        assertMoney(0, balance.get(Mdf.REQUESTED));
        assertMoney(2_500, balance.get(Mdf.APPROVED_TOTAL));
        assertMoney(7_500, balance.get(Mdf.REMAINING));
        assertEquals("The fair is outside your territory", core.records.get(alice, Mdf.REQUEST, fair.getId()).get("decisionReason"));
        assertThrows(AccessDeniedException.class, () -> core.records.update(alice, Mdf.REQUEST, fair.getId(),
                core.records.get(alice, Mdf.REQUEST, fair.getId()).getVersion(), Map.of("activityName", "Again")), "decided stays decided");
    }

    @Test
    void aClaimAgainstAnApprovedRequestNeedsProofStaysWithinTheApprovedAmountAndIsPaid() {
        Record allocation = allocate(alpha, "2026", 10_000);
        Record webinar = request(alice, allocation, 4_000);
        assertEquals(Mdf.REQUEST, field(() -> claim(alice, webinar, 1_000)), "claims follow an approval");
        decisions.approveRequest(carla, webinar.getId(), BigDecimal.valueOf(3_000), null);

        assertEquals(Mdf.AMOUNT, field(() -> claim(alice, webinar, 3_000.01)));
        Record first = claim(alice, webinar, 2_000);
        assertEquals(Mdf.AMOUNT, field(() -> claim(alice, webinar, 1_500)), "the claims of one request add up");
        assertEquals("files", field(() -> decisions.approveClaim(carla, first.getId(), null)), "no proof, no approval");
        core.files.store(alice, Mdf.CLAIM, first.getId(), new NewFile("attendees.csv", "text/csv", false),
                new ByteArrayInputStream("name\nJane\n".getBytes(StandardCharsets.UTF_8)));
        decisions.approveClaim(carla, first.getId(), "Proof received");
        assertEquals("status", field(() -> decisions.rejectClaim(carla, first.getId(), "too late")));
        Record paid = decisions.pay(carla, first.getId(), "SEPA-2026-0042");
        assertEquals(Mdf.PAID, paid.get("status"));

        Record second = claim(alice, webinar, 1_000);
        decisions.rejectClaim(carla, second.getId(), "No invoice for the catering");
        Record balance = core.records.get(alice, Mdf.ALLOCATION, allocation.getId());
        assertMoney(3_000, balance.get(Mdf.APPROVED_TOTAL));
        assertMoney(2_000, balance.get(Mdf.CLAIMED));
        assertMoney(2_000, balance.get(Mdf.PAID_TOTAL));
        assertMoney(7_000, balance.get(Mdf.REMAINING));
    }

    @Test
    void aClaimsProofCanChangeWhileItIsSubmittedAndNoLongerOnceItIsApprovedOrPaidByAnyone() {
        core.files.addGuard(new FrozenProofs(), "org.rapportcrm.prm");
        Actor admin = core.user("root", Set.of("admin"), Set.of());
        Record webinar = request(alice, allocate(alpha, "2026", 10_000), 4_000);
        decisions.approveRequest(carla, webinar.getId(), null, null);
        Record claim = claim(alice, webinar, 2_000);
        StoredFile wrong = proof(alice, claim, "wrong invoice.txt");
        core.files.delete(alice, wrong.id());
        StoredFile invoice = proof(alice, claim, "invoice.txt");
        assertEquals(List.of(invoice), core.files.list(carla, Mdf.CLAIM, claim.getId()), "corrected before the decision");

        decisions.approveClaim(carla, claim.getId(), "Proof received");
        for (Actor anyone : List.of(alice, admin, Actor.system())) { // whoever may edit the claim otherwise
            FileChangeRefusedException added = assertThrows(FileChangeRefusedException.class, () -> proof(anyone, claim, "more.txt"));
            assertEquals("The claim is approved: its proof of performance can no longer be added to", added.getMessage());
            assertThrows(FileChangeRefusedException.class, () -> core.files.delete(anyone, invoice.id()), "nor replaced or deleted");
        }
        decisions.pay(carla, claim.getId(), "SEPA-2026-0043");
        assertThrows(FileChangeRefusedException.class, () -> proof(admin, claim, "receipt.txt"));
        assertThrows(FileChangeRefusedException.class, () -> core.files.delete(admin, invoice.id()));
        assertEquals(List.of(invoice), core.files.list(carla, Mdf.CLAIM, claim.getId()), "the proof the payment rests on");

        Record rejected = claim(alice, webinar, 1_000);
        decisions.rejectClaim(carla, rejected.getId(), "No invoice");
        proof(alice, rejected, "late invoice.txt"); // a rejected claim's files are not what anything was granted on
    }

    private StoredFile proof(Actor actor, Record claim, String name) {
        return core.files.store(actor, Mdf.CLAIM, claim.getId(), new NewFile(name, null, false),
                new ByteArrayInputStream(("proof: " + name).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void partnersNeverSeeOrTouchEachOthersFunds() {
        Record alphas = allocate(alpha, "2026", 10_000);
        allocate(beta, "2026", 10_000);
        Record webinar = request(alice, alphas, 4_000);
        decisions.approveRequest(carla, webinar.getId(), null, null);
        Record claim = claim(alice, webinar, 1_000);

        assertEquals(1, core.records.all(bob, Query.of(Mdf.ALLOCATION)).size(), "only its own allocation");
        assertEquals(List.of(), core.records.all(bob, Query.of(Mdf.REQUEST)));
        assertEquals(List.of(), core.records.all(bob, Query.of(Mdf.CLAIM)));
        assertThrows(RecordNotFoundException.class, () -> core.records.get(bob, Mdf.REQUEST, webinar.getId()));
        assertThrows(RecordNotFoundException.class, () -> core.records.get(bob, Mdf.ALLOCATION, alphas.getId()));
        assertThrows(RecordNotFoundException.class, () -> core.files.list(bob, Mdf.CLAIM, claim.getId()));
        assertThrows(RecordNotFoundException.class, () -> decisions.approveClaim(bob, claim.getId(), null));
        assertEquals("allocation", field(() -> request(bob, alphas, 100)), "not from another partner's allocation");
        assertEquals(Mdf.REQUEST, field(() -> claim(bob, webinar, 100)), "not against another partner's request");
    }

    @Test
    void theScorecardCountsPipelineWinRateRegistrationConversionAndTheReturnOnFundsPaid() {
        core.records.create(Actor.system(), "salesStage", Map.of("process", "Standard", "name", "Closed Won", "position", 9,
                "outcome", "Won", "active", true));
        Record allocation = allocate(alpha, "2026", 10_000);
        Record webinar = request(alice, allocation, 4_000);
        decisions.approveRequest(carla, webinar.getId(), null, null);
        Record claim = claim(alice, webinar, 2_000);
        core.files.store(alice, Mdf.CLAIM, claim.getId(), new NewFile("invoice.pdf", "application/pdf", false),
                new ByteArrayInputStream("%PDF-1.4 invoice".getBytes(StandardCharsets.US_ASCII)));
        decisions.approveClaim(carla, claim.getId(), null);
        decisions.pay(carla, claim.getId(), null);

        Record registration = core.records.create(Actor.system(), Partners.REGISTRATION, Map.of(Partners.PARTNER_ACCOUNT, alpha.getId(),
                "customerName", "Initech", "closeDate", START, "status", Partners.APPROVED));
        opportunity(alpha, 30_000, null, null, null);                       // open
        opportunity(alpha, 20_000, "Closed Won", registration.getId(), webinar.getId()); // won, registered, funded
        opportunity(alpha, 5_000, "Closed Won", null, webinar.getId());      // won, funded
        opportunity(alpha, 7_000, "Closed Lost", null, null);                // lost
        opportunity(beta, 99_000, null, null, null);                         // another partner's
        core.records.create(Actor.system(), "lead", Map.of("lastName", "Funded", Mdf.REQUEST, webinar.getId()));
        core.records.create(Actor.system(), "lead", Map.of("lastName", "Unfunded"));

        var scorecards = new org.rapportcrm.prm.internal.scorecard.PartnerScorecards(core.records);
        Map<String, Object> card = scorecards.scorecard(alice, alpha.getId());
        assertEquals(0, BigDecimal.valueOf(30_000).compareTo((BigDecimal) card.get("pipeline")));
        assertEquals(3L, card.get("closedOpportunities"));
        assertEquals(2L, card.get("wonOpportunities"));
        assertEquals(0.6667, card.get("winRate"));
        assertEquals(1L, card.get("approvedRegistrations"));
        assertEquals(1.0, card.get("registrationConversion"));
        assertEquals(0, BigDecimal.valueOf(2_000).compareTo((BigDecimal) card.get("mdfPaid")));
        assertEquals(1L, card.get("mdfLeads"));
        assertEquals(0, BigDecimal.valueOf(25_000).compareTo((BigDecimal) card.get("mdfWonRevenue")));
        assertEquals(0, BigDecimal.valueOf(12.5).compareTo((BigDecimal) card.get("mdfRoi")), "25,000 won for 2,000 paid");

        assertThrows(RecordNotFoundException.class, () -> scorecards.scorecard(bob, alpha.getId()), "a partner sees its own scorecard only");
        assertEquals(List.of(beta.getId()), scorecards.scorecards(bob).stream().map(c -> c.get("partnerAccount")).toList());
        assertEquals(2, scorecards.scorecards(carla).size());
    }

    @Test
    void theDemoGivesEveryPartnerThisYearsFundsAndShowsARequestApprovedForLessWithItsClaimAndOneAwaitingADecision() {
        Record northwind = partner("Northwind Partners", gold);
        Record contoso = partner("Contoso Consulting", gold);
        new MdfDemoData(core.records, decisions, core.files).generate(List.of(northwind, contoso, alpha));

        assertEquals(3, core.records.count(carla, Mdf.ALLOCATION, null));
        Record webinar = core.records.all(carla, Query.of(Mdf.REQUEST).where(org.rapportcrm.platform.api.query.Filter.eq(Mdf.PARTNER_ACCOUNT,
                northwind.getId()))).get(0);
        assertEquals(Mdf.APPROVED, webinar.get("status"));
        Record claim = core.records.all(carla, Query.of(Mdf.CLAIM)).get(0);
        assertEquals(1, core.files.list(carla, Mdf.CLAIM, claim.getId()).size(), "the claim carries its proof");
        Record fair = core.records.all(carla, Query.of(Mdf.REQUEST).where(org.rapportcrm.platform.api.query.Filter.eq(Mdf.PARTNER_ACCOUNT,
                contoso.getId()))).get(0);
        assertEquals(Mdf.SUBMITTED, fair.get("status"));
        Record balance = core.records.get(carla, Mdf.ALLOCATION, (String) webinar.get("allocation"));
        assertMoney(10_000, balance.get(Mdf.APPROVED_TOTAL));
        assertMoney(9_400, balance.get(Mdf.CLAIMED));
        assertMoney(30_000, balance.get(Mdf.REMAINING));
    }

    private void opportunity(Record partner, int amount, String closedStage, String registration, String fundedBy) {
        Map<String, Object> values = new HashMap<>(Map.of("name", "Deal " + amount, "amount", eur(amount), "closeDate", START,
                "stage", closedStage == null ? "Prospecting" : closedStage, Partners.PARTNER_ACCOUNT, partner.getId()));
        if (closedStage != null) {
            values.put("closedAt", Instant.parse("2026-01-15T10:00:00Z"));
        }
        if (registration != null) {
            values.put(Partners.PROTECTED_BY, registration);
        }
        if (fundedBy != null) {
            values.put(Mdf.REQUEST, fundedBy);
        }
        core.records.create(Actor.system(), "opportunity", values);
    }

    Record allocate(Record partner, String period, Integer amount) {
        Map<String, Object> values = new HashMap<>(Map.of(Mdf.PARTNER_ACCOUNT, partner.getId(), "period", period));
        if (amount != null) {
            values.put(Mdf.AMOUNT, eur(amount));
        }
        return core.records.create(carla, Mdf.ALLOCATION, values);
    }

    Record request(Actor partner, Record allocation, double amount) {
        return core.records.create(partner, Mdf.REQUEST, Map.of("allocation", allocation.getId(), "activityName", "Webinar series",
                "activityType", "Webinar", "startDate", START, "endDate", START.plusDays(30), Mdf.AMOUNT, eur(amount),
                "expectedLeads", 40));
    }

    Record claim(Actor partner, Record request, double amount) {
        return core.records.create(partner, Mdf.CLAIM, Map.of(Mdf.REQUEST, request.getId(), "description", "Three webinars held",
                Mdf.AMOUNT, eur(amount)));
    }

    static Money eur(double amount) {
        return new Money(BigDecimal.valueOf(amount), "EUR");
    }

    static void assertMoney(double expected, Object actual) {
        Money money = (Money) actual;
        assertEquals("EUR", money.currency());
        assertTrue(BigDecimal.valueOf(expected).compareTo(money.amount()) == 0, () -> "expected " + expected + " but was " + money.amount());
    }

    static String field(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(ValidationException.class, call).getErrors().get(0).field();
    }

    Record partner(String name, String tier) {
        return core.records.create(Actor.system(), "account", Map.of("name", name, Partners.IS_PARTNER, true, Partners.PARTNER_TIER, tier));
    }

    Actor partnerUser(String name, Record account) {
        core.users.createUser(Actor.system(), new NewUser(name, name, null, "password-" + name, Set.of(Partners.PARTNER_ROLE), Set.of(),
                account.getId()));
        return core.users.authenticate(name, "password-" + name).orElseThrow();
    }
}
