package org.rapportcrm.prm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
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

/**
 * Deal registration over the real core (in-memory Derby): what partners may register, how conflicts are flagged and
 * kept from them, what an approval protects, and that partners never read each other's registrations.
 */
class DealRegistrationTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-12-07");
    private final CoreFixture core = new CoreFixture();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
    private final RegistrationDecisions decisions;

    {
        core.metadata.addProvider(new SalesStandIn());
        core.metadata.addProvider(new PrmTypes());
        core.policy.addSharingRule(new StandardSharing.Accounts());
        core.policy.addSharingRule(new PrmSharing.Registrations());
        core.policy.addSharingRule(new PrmSharing.Opportunities());
        core.policy.addSharingRule(new PrmSharing.Leads());
        core.records.addTrigger(new RegistrationRules(core.records, new ConflictCheck(core.records)), "org.rapportcrm.prm");
        core.records.addTrigger(new PartnerDealRules(core.policy), "org.rapportcrm.prm");
        decisions = new RegistrationDecisions(core.records, core.policy, clock);
    }

    private final Record stage = core.records.create(Actor.system(), "salesStage", Map.of("process", "Standard", "name", "Prospecting",
            "position", 1, "outcome", "Open", "active", true));
    private final String gold = core.records.create(Actor.system(), Partners.TIER, Map.of("name", "Gold", "discountPercent", 15,
            "protectionDays", 60)).getId();
    private final Record alpha = partner("Alpha Integrators", gold);
    private final Record beta = partner("Beta Resellers", null);
    private final Actor alice = partnerUser("alice", alpha);
    private final Actor bob = partnerUser("bob", beta);
    private final Actor carla = core.user("carla", Set.of("channel-manager"), Set.of());
    private final Actor sam = core.user("sam", Set.of("sales"), Set.of());

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void aPartnerRegistersForItsOwnAccountAndDecidesNothing() {
        Record mine = register(alice, Map.of("customerName", "Initech", "customerDomain", "https://www.Initech.example/about"));
        assertEquals(alpha.getId(), mine.get(Partners.PARTNER_ACCOUNT));
        assertEquals("initech.example", mine.get("customerDomain"));
        assertEquals(Partners.SUBMITTED, mine.get("status"));
        assertEquals("status", assertThrows(AccessDeniedException.class,
                () -> register(alice, Map.of("customerName", "Initech", "status", Partners.APPROVED))).getField());
        assertEquals("decisionReason", assertThrows(AccessDeniedException.class, () -> core.records.update(alice, Partners.REGISTRATION,
                mine.getId(), mine.getVersion(), Map.of("decisionReason", "approved by me"))).getField());
        assertThrows(AccessDeniedException.class, () -> decisions.approve(alice, mine.getId(), null, null));
        assertEquals("status", assertThrows(AccessDeniedException.class, () -> core.records.update(carla, Partners.REGISTRATION,
                mine.getId(), mine.getVersion(), Map.of("status", Partners.APPROVED))).getField(), "staff decide through the actions only");
    }

    @Test
    void onlyPartnerAccountsRegister() {
        Record customer = core.records.create(Actor.system(), "account", Map.of("name", "Umbrella"));
        assertEquals("partnerAccount", assertThrows(ValidationException.class, () -> core.records.create(carla, Partners.REGISTRATION,
                Map.of(Partners.PARTNER_ACCOUNT, customer.getId(), "customerName", "Initech", "closeDate", TODAY.plusDays(9))))
                .getErrors().get(0).field());
    }

    @Test
    void aClashWithAnotherPartnersRegistrationIsUnderReviewForThePartnerAndNamedForTheChannelManager() {
        Record bobs = register(bob, Map.of("customerName", "Acme Corporation", "customerDomain", "acme.example"));
        Record alices = register(alice, Map.of("customerName", "ACME, Inc.", "customerDomain", "buyer@acme.example"));
        assertEquals(Partners.NO_CONFLICT, bobs.get("conflict"));
        assertEquals(Partners.CONFLICT_UNDER_REVIEW, alices.get("conflict"));
        List<Record> conflicts = core.records.all(carla, Query.of(Partners.CONFLICT).where(Filter.eq(Partners.REGISTRATION, alices.getId())));
        assertEquals(1, conflicts.size());
        assertEquals(bobs.getId(), conflicts.get(0).get("otherRegistration"));
        assertThrows(AccessDeniedException.class, () -> core.records.all(alice, Query.of(Partners.CONFLICT)), "conflicts are never shared");

        Record renamed = core.records.update(alice, Partners.REGISTRATION, alices.getId(), alices.getVersion(),
                Map.of("customerName", "Initech", "customerDomain", "initech.example"));
        assertEquals(Partners.NO_CONFLICT, renamed.get("conflict"), "the check runs again when the customer changes");
        assertEquals(0, core.records.count(carla, Partners.CONFLICT, Filter.eq(Partners.REGISTRATION, alices.getId())));
    }

    @Test
    void anOpenOpportunityOfTheCustomerClashesAndAClosedOneDoesNot() {
        Record acme = core.records.create(Actor.system(), "account", Map.of("name", "Acme GmbH", "website", "https://acme.example"));
        Record open = opportunity("Acme renewal", acme, null);
        opportunity("Acme last year", acme, Instant.parse("2025-12-01T00:00:00Z"));
        Record alices = register(alice, Map.of("customerName", "Someone", "customerDomain", "jane@acme.example"));
        List<Record> conflicts = core.records.all(carla, Query.of(Partners.CONFLICT).where(Filter.eq(Partners.REGISTRATION, alices.getId())));
        assertEquals(List.of(open.getId()), conflicts.stream().map(c -> c.get("opportunity")).toList());
    }

    @Test
    void approvalProtectsANewOpportunityForThePartnerWithItsTiersDiscountAndOnlyApproversHandItOn() {
        Record alices = register(alice, Map.of("customerName", "Globex", "customerDomain", "globex.example",
                "amount", Map.of("amount", 50000, "currency", "EUR")));
        Record approved = decisions.approve(carla, alices.getId(), "First to register", null);
        assertEquals(Partners.APPROVED, approved.get("status"));
        assertEquals(TODAY.plusDays(60), approved.get(Partners.PROTECTED_UNTIL));
        assertEquals(0, BigDecimal.valueOf(15).compareTo((BigDecimal) approved.get("discountPercent")));

        Record opportunity = core.records.get(alice, "opportunity", (String) approved.get("opportunity"));
        assertEquals(alpha.getId(), opportunity.get(Partners.PARTNER_ACCOUNT));
        assertEquals(alices.getId(), opportunity.get(Partners.PROTECTED_BY));
        assertEquals(TODAY.plusDays(60), opportunity.get(Partners.PROTECTED_UNTIL));
        assertEquals("Globex", core.records.get(carla, "account", (String) opportunity.get("account")).get("name"));
        assertThrows(RecordNotFoundException.class, () -> core.records.get(bob, "opportunity", opportunity.getId()));

        assertEquals("status", assertThrows(ValidationException.class, () -> decisions.approve(carla, alices.getId(), null, null))
                .getErrors().get(0).field());
        Record given = core.records.update(Actor.system(), "opportunity", opportunity.getId(), opportunity.getVersion(), Map.of("owner", sam.userId()));
        assertEquals(Partners.PARTNER_ACCOUNT, assertThrows(AccessDeniedException.class, () -> core.records.update(sam, "opportunity",
                given.getId(), given.getVersion(), Map.of(Partners.PARTNER_ACCOUNT, beta.getId()))).getField());
    }

    @Test
    void linkingAnOpportunityProtectedForAnotherPartnerIsRefused() {
        Record acme = core.records.create(Actor.system(), "account", Map.of("name", "Acme"));
        Record deal = opportunity("Acme", acme, null);
        decisions.approve(carla, register(bob, Map.of("customerName", "Acme")).getId(), null, deal.getId());
        Record alices = register(alice, Map.of("customerName", "Acme"));
        assertEquals("opportunityId", assertThrows(ValidationException.class,
                () -> decisions.approve(carla, alices.getId(), null, deal.getId())).getErrors().get(0).field());
        assertEquals(Partners.SUBMITTED, core.records.get(carla, Partners.REGISTRATION, alices.getId()).get("status"), "nothing half-done");
    }

    @Test
    void aRejectionNeedsAReasonThePartnerReads() {
        Record alices = register(alice, Map.of("customerName", "Initech"));
        assertEquals("reason", assertThrows(ValidationException.class, () -> decisions.reject(carla, alices.getId(), " "))
                .getErrors().get(0).field());
        decisions.reject(carla, alices.getId(), "Initech buys directly");
        Record seen = core.records.get(alice, Partners.REGISTRATION, alices.getId());
        assertEquals(Partners.REJECTED, seen.get("status"));
        assertEquals("Initech buys directly", seen.get("decisionReason"));
        assertThrows(AccessDeniedException.class, () -> core.records.update(alice, Partners.REGISTRATION, seen.getId(), seen.getVersion(),
                Map.of("amount", Map.of("amount", 1, "currency", "EUR"))), "a decided registration stays as decided");
    }

    @Test
    void partnersNeverReadEachOthersRegistrations() {
        Record alices = register(alice, Map.of("customerName", "Initech"));
        Record bobs = register(bob, Map.of("customerName", "Hooli"));
        assertEquals(List.of(bobs.getId()), core.records.all(bob, Query.of(Partners.REGISTRATION)).stream().map(Record::getId).toList());
        assertThrows(RecordNotFoundException.class, () -> core.records.get(bob, Partners.REGISTRATION, alices.getId()));
        assertEquals(List.of(), core.records.search(bob, "Initech", 10).stream().map(Record::getId).filter(alices.getId()::equals).toList());
    }

    private Record register(Actor partner, Map<String, Object> values) {
        Map<String, Object> all = new java.util.HashMap<>(values);
        all.putIfAbsent("closeDate", TODAY.plusDays(30));
        return core.records.create(partner, Partners.REGISTRATION, all);
    }

    private Record partner(String name, String tier) {
        Map<String, Object> values = new java.util.HashMap<>(Map.of("name", name, Partners.IS_PARTNER, true));
        if (tier != null) {
            values.put(Partners.PARTNER_TIER, tier);
        }
        return core.records.create(Actor.system(), "account", values);
    }

    private Actor partnerUser(String name, Record account) {
        core.users.createUser(Actor.system(), new NewUser(name, name, null, "password-" + name, Set.of(Partners.PARTNER_ROLE), Set.of(),
                account.getId()));
        return core.users.authenticate(name, "password-" + name).orElseThrow();
    }

    private Record opportunity(String name, Record account, Instant closedAt) {
        Map<String, Object> values = new java.util.HashMap<>(Map.of("name", name, "account", account.getId(), "closeDate", TODAY.plusDays(10),
                "stage", "Prospecting"));
        if (closedAt != null) {
            values.put("closedAt", closedAt);
        }
        return core.records.create(Actor.system(), "opportunity", values);
    }
}
