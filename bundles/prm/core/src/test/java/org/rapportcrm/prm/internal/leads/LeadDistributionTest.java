package org.rapportcrm.prm.internal.leads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.platform.api.notification.Notification;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.schedule.TaskStatus;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.NewUser;
import org.rapportcrm.platform.core.internal.Configs;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.platform.core.internal.MutableClock;
import org.rapportcrm.platform.core.internal.security.StandardSharing;
import org.rapportcrm.prm.api.Partners;
import org.rapportcrm.prm.internal.PartnerDealRules;
import org.rapportcrm.prm.internal.PrmSharing;
import org.rapportcrm.prm.internal.PrmTypes;

/**
 * Lead distribution over the real core (in-memory Derby) with a test clock and a scheduler that runs what is due when
 * the test says: who a lead is offered to, what the partner sees before and after accepting, the recall when the time
 * to answer runs out, re-routing to the next partner and back to the owner, and what a partner may not do.
 */
class LeadDistributionTest {
    private final CoreFixture core = new CoreFixture();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
    private final DueTasks tasks = new DueTasks();
    private final List<Notification> told = new ArrayList<>();
    private final LeadDistribution distribution;
    private final LeadTasks.OfferDeadline deadlines;

    {
        core.metadata.addProvider(new LeadStandIn());
        core.metadata.addProvider(new PrmTypes());
        core.metadata.addProvider(new LeadOfferTypes());
        core.policy.addSharingRule(new StandardSharing.Accounts());
        core.policy.addSharingRule(new PrmSharing.Leads());
        core.policy.addSharingRule(new LeadOfferSharing());
        core.records.addTrigger(new PartnerDealRules(core.policy), "org.rapportcrm.prm");
        distribution = new LeadDistribution(core.records, tasks, core.policy, core.users,
                Configs.of(LeadDistribution.Config.class, Map.of("acceptanceHours", 48.0, "autoDistributeSources", new String[] {"Web form"})),
                clock, n -> {
                    told.add(n);
                    return n.userIds().size();
                });
        core.records.addTrigger(new LeadBookkeeping(distribution, tasks, clock), "org.rapportcrm.prm");
        deadlines = new LeadTasks.OfferDeadline(distribution);
    }

    private final String gold = tier("Gold", 1, 24);
    private final String silver = tier("Silver", 2, null);
    private final Record alpha = partner("Alpha", gold, "Germany, Austria");
    private final Record beta = partner("Beta", silver, "Germany, France");
    private final Record gamma = partner("Gamma", silver, "France");
    private final Actor alice = partnerUser("alice", alpha);
    private final Actor bob = partnerUser("bob", beta);
    private final Actor carla = core.user("carla", Set.of("channel-manager"), Set.of());
    private final Actor sam = core.user("sam", Set.of("sales"), Set.of());

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void aLeadIsOfferedToTheBestCoveringPartnerWhoSeesTheOfferButNotTheLeadUntilItAccepts() {
        Record lead = lead("Germany");
        Record offer = distribution.distribute(carla, lead.getId());
        assertEquals(alpha.getId(), offer.get(Partners.PARTNER_ACCOUNT), "Gold beats Silver in Germany; Gamma covers France only");
        assertEquals(LeadOffers.OFFERED, offer.get(LeadOffers.STATUS));
        assertEquals(clock.instant().plus(Duration.ofHours(24)), offer.get(LeadOffers.RESPOND_BY), "Gold's own acceptance hours");
        assertTrue(((String) offer.get(LeadOffers.SCORE_BREAKDOWN)).startsWith("territory: Germany; tier: Gold (rank 1) 40.0"));
        assertEquals("Initech · Buyer · Berlin, Germany", offer.get(LeadOffers.SUMMARY));

        assertEquals(offer.getId(), core.records.get(alice, LeadOffers.TYPE, offer.getId()).getId());
        assertThrows(RecordNotFoundException.class, () -> core.records.get(alice, "lead", lead.getId()), "not its lead before it accepts");
        assertThrows(RecordNotFoundException.class, () -> core.records.get(bob, LeadOffers.TYPE, offer.getId()));
        assertEquals(0, core.records.all(bob, Query.of(LeadOffers.TYPE)).size());
        assertThrows(RecordNotFoundException.class, () -> distribution.accept(bob, offer.getId()), "another partner's offer is not found");

        Record accepted = distribution.accept(alice, offer.getId());
        assertEquals(LeadOffers.ACCEPTED, accepted.get(LeadOffers.STATUS));
        Record mine = core.records.get(alice, "lead", lead.getId());
        Record worked = core.records.update(alice, "lead", mine.getId(), mine.getVersion(), Map.of("status", "Working"));
        assertEquals("Working", worked.get("status"));
        assertThrows(AccessDeniedException.class, () -> core.records.update(alice, "lead", worked.getId(), worked.getVersion(),
                Map.of("email", "me@alpha.example")), "a partner changes the status, nothing else");
        assertThrows(RecordNotFoundException.class, () -> core.records.get(bob, "lead", lead.getId()));
        assertEquals(0, tasks.waiting(), "an answered offer has no deadline left");
    }

    @Test
    void anUnansweredOfferIsRecalledAtItsDeadlineAndTheLeadGoesToTheNextPartnerThenBackToItsOwner() {
        Record lead = lead("Germany");
        Record first = distribution.distribute(carla, lead.getId());
        clock.advance(Duration.ofHours(23));
        tasks.runDue(deadlines, clock.instant());
        assertEquals(LeadOffers.OFFERED, core.records.get(carla, LeadOffers.TYPE, first.getId()).get(LeadOffers.STATUS), "not yet");

        clock.advance(Duration.ofHours(2));
        tasks.runDue(deadlines, clock.instant());
        Record recalled = core.records.get(carla, LeadOffers.TYPE, first.getId());
        assertEquals(LeadOffers.RECALLED, recalled.get(LeadOffers.STATUS));
        assertEquals(true, recalled.get(LeadOffers.EXPIRED));
        RestException late = assertThrows(RestException.class, () -> distribution.accept(alice, first.getId()));
        assertEquals(409, late.getStatus());
        assertEquals("status", late.getParameter());

        Record second = openOffer(lead);
        assertEquals(beta.getId(), second.get(Partners.PARTNER_ACCOUNT), "the next partner covering Germany");
        assertEquals(clock.instant().plus(Duration.ofHours(48)), second.get(LeadOffers.RESPOND_BY), "Silver has no hours: the setting's");
        assertEquals(2L, second.get(LeadOffers.ATTEMPT));
        assertTrue(told.get(0).title().contains("Alpha did not answer a lead offer in time: offered to Beta"), told.get(0).title());
        assertEquals(Set.of(carla.userId()), told.get(0).userIds());

        Record rejected = distribution.reject(bob, second.getId(), "Not our industry");
        assertEquals(LeadOffers.REJECTED, rejected.get(LeadOffers.STATUS));
        assertEquals(0, core.records.count(carla, LeadOffers.TYPE, Filter.eq(LeadOffers.STATUS, LeadOffers.OFFERED)), "no partner is left");
        assertNull(core.records.get(carla, "lead", lead.getId()).get(Partners.PARTNER_ACCOUNT));
        assertTrue(told.get(1).title().contains("no partner is left"), told.get(1).title());
        assertEquals(Set.of(carla.userId(), sam.userId()), told.get(1).userIds(), "the owner hears the lead is back");
        assertEquals(0, tasks.waiting());
    }

    @Test
    void aRecalledOrAcceptedLeadDisappearsFromThePartnerWhenTheChannelManagerReroutesIt() {
        Record lead = lead("Germany");
        Record offer = distribution.distribute(carla, lead.getId());
        distribution.accept(alice, offer.getId());
        Map<String, Object> rerouted = distribution.recall(carla, offer.getId(), "Beta has the contact already");
        Record next = (Record) rerouted.get("offer");
        assertEquals(beta.getId(), next.get(Partners.PARTNER_ACCOUNT));
        assertThrows(RecordNotFoundException.class, () -> core.records.get(alice, "lead", lead.getId()));
        assertEquals("Re-routed by carla: Beta has the contact already",
                core.records.get(alice, LeadOffers.TYPE, offer.getId()).get(LeadOffers.REASON));
        assertEquals(409, assertThrows(RestException.class, () -> distribution.recall(carla, offer.getId(), null)).getStatus());
    }

    @Test
    void partnersAndSalesRepsDoNotDistributeAndBadRequestsAreRefusedNamingTheField() {
        Record lead = lead("Germany");
        assertThrows(AccessDeniedException.class, () -> distribution.distribute(alice, lead.getId()));
        assertThrows(AccessDeniedException.class, () -> distribution.distribute(sam, lead.getId()));
        Record offer = distribution.distribute(carla, lead.getId());
        assertEquals("lead", assertThrows(RestException.class, () -> distribution.distribute(carla, lead.getId())).getParameter());
        assertThrows(AccessDeniedException.class, () -> distribution.accept(carla, offer.getId()), "staff do not answer for partners");
        assertEquals("reason", assertThrows(ValidationException.class, () -> distribution.reject(alice, offer.getId(), " "))
                .getErrors().get(0).field());
        clock.advance(Duration.ofHours(25));
        assertEquals("respondBy", assertThrows(RestException.class, () -> distribution.accept(alice, offer.getId())).getParameter(),
                "too late even before the recall has run");
        assertEquals("country", assertThrows(ValidationException.class, () -> distribution.distribute(carla, lead("Spain").getId()))
                .getErrors().get(0).field());
    }

    @Test
    void aPartnerAtCapacityIsPassedOver() {
        Record tier = core.records.get(carla, Partners.TIER, gold);
        core.records.update(Actor.system(), Partners.TIER, gold, tier.getVersion(), Map.of(LeadOffers.TIER_CAPACITY, 1));
        distribution.distribute(carla, lead("Germany").getId());
        assertEquals(beta.getId(), distribution.distribute(carla, lead("Germany").getId()).get(Partners.PARTNER_ACCOUNT));
    }

    @Test
    void aLeadFromAnAutomaticSourceIsOfferedOnceCommittedAndAHandOverKeepsTheOffersInStep() {
        Record web = core.records.create(sam, "lead", Map.of("lastName", "Web", "country", "France", "source", "Web form"));
        tasks.runDue(new LeadTasks.NewLeadRouting(distribution), clock.instant());
        Record offer = openOffer(web);
        assertTrue(Set.of(beta.getId(), gamma.getId()).contains(offer.get(Partners.PARTNER_ACCOUNT)));

        Record byHand = core.records.get(carla, "lead", web.getId());
        core.records.update(carla, "lead", byHand.getId(), byHand.getVersion(), Map.of(Partners.PARTNER_ACCOUNT, alpha.getId()));
        assertEquals(LeadOffers.RECALLED, core.records.get(carla, LeadOffers.TYPE, offer.getId()).get(LeadOffers.STATUS));
        List<Record> held = core.records.all(alice, Query.of(LeadOffers.TYPE));
        assertEquals(1, held.size());
        assertEquals(LeadOffers.ACCEPTED, held.get(0).get(LeadOffers.STATUS));
        assertEquals("Given by hand by carla", held.get(0).get(LeadOffers.REASON));
        assertEquals(0, tasks.waiting());

        Record waiting = distribution.distribute(carla, lead("Germany").getId());
        Record given = core.records.get(carla, "lead", (String) waiting.get(LeadOffers.LEAD));
        core.records.update(carla, "lead", given.getId(), given.getVersion(), Map.of(Partners.PARTNER_ACCOUNT, waiting.get(Partners.PARTNER_ACCOUNT)));
        assertEquals(LeadOffers.ACCEPTED, core.records.get(carla, LeadOffers.TYPE, waiting.getId()).get(LeadOffers.STATUS),
                "given to the partner it waited for: its offer counts as accepted and has no deadline left");
        assertEquals(0, tasks.waiting());
    }

    private Record openOffer(Record lead) {
        List<Record> open = core.records.all(Actor.system(), Query.of(LeadOffers.TYPE).where(Filter.and(Filter.eq(LeadOffers.LEAD, lead.getId()),
                Filter.eq(LeadOffers.STATUS, LeadOffers.OFFERED))));
        assertEquals(1, open.size(), "one open offer");
        return open.get(0);
    }

    private Record lead(String country) {
        return core.records.create(sam, "lead", Map.of("lastName", "Smith", "company", "Initech", "title", "Buyer", "city", "Berlin",
                "country", country, "email", "smith@initech.example"));
    }

    private String tier(String name, int rank, Integer hours) {
        Map<String, Object> values = new HashMap<>(Map.of("name", name, LeadOffers.TIER_RANK, rank));
        if (hours != null) {
            values.put(LeadOffers.TIER_ACCEPTANCE_HOURS, hours);
        }
        return core.records.create(Actor.system(), Partners.TIER, values).getId();
    }

    private Record partner(String name, String tier, String territories) {
        return core.records.create(Actor.system(), "account", Map.of("name", name, Partners.IS_PARTNER, true, Partners.PARTNER_TIER, tier,
                Partners.TERRITORIES, territories, Partners.AGREEMENT_END, LocalDate.parse("2027-12-31")));
    }

    private Actor partnerUser(String name, Record account) {
        core.users.createUser(Actor.system(), new NewUser(name, name, null, "password-" + name, Set.of(Partners.PARTNER_ROLE), Set.of(),
                account.getId()));
        return core.users.authenticate(name, "password-" + name).orElseThrow();
    }

    /** A scheduler that keeps due times and runs what is due when the test says, as the clustered one would then. */
    static final class DueTasks implements TaskScheduler {
        private record Task(String handler, Instant due, Map<String, Object> data) {
        }

        private final Map<String, Task> waiting = new TreeMap<>();

        @Override
        public void schedule(String handler, String instanceId, Instant due, Map<String, ?> data) {
            waiting.put(handler + "/" + instanceId, new Task(handler, due, new HashMap<>(data)));
        }

        @Override
        public boolean scheduleIfAbsent(String handler, String instanceId, Instant due, Map<String, ?> data) {
            return waiting.putIfAbsent(handler + "/" + instanceId, new Task(handler, due, new HashMap<>(data))) == null;
        }

        @Override
        public boolean reschedule(String handler, String instanceId, Instant due) {
            Task t = waiting.get(handler + "/" + instanceId);
            return t != null && waiting.put(handler + "/" + instanceId, new Task(handler, due, t.data())) != null;
        }

        @Override
        public boolean cancel(String handler, String instanceId) {
            return waiting.remove(handler + "/" + instanceId) != null;
        }

        @Override
        public Optional<TaskStatus> status(String handler, String instanceId) {
            return Optional.empty();
        }

        @Override
        public boolean isRunning() {
            return true;
        }

        int waiting() {
            return waiting.size();
        }

        /** Runs once each task of the handler due at {@code now}; what a run schedules waits for the next call. */
        void runDue(ScheduledTaskHandler handler, Instant now) {
            for (Map.Entry<String, Task> e : List.copyOf(waiting.entrySet())) {
                Task t = e.getValue();
                if (!t.handler().equals(handler.name()) || t.due().isAfter(now) || waiting.get(e.getKey()) != t) {
                    continue;
                }
                waiting.remove(e.getKey());
                try {
                    TaskOutcome outcome = handler.run(TaskRun.of(e.getKey().substring(t.handler().length() + 1), t.data(), 1, t.due()));
                    if (outcome.kind() == TaskOutcome.Kind.RUN_AGAIN) {
                        waiting.putIfAbsent(e.getKey(), new Task(t.handler(), outcome.at(), t.data()));
                    }
                } catch (Exception ex) {
                    throw new AssertionError(ex);
                }
            }
        }
    }

    /** The sales lead as far as distribution reads and writes it. */
    static final class LeadStandIn implements RecordTypeProvider {
        @Override
        public List<RecordType> recordTypes() {
            return List.of(new RecordType("lead", "leads", "Lead", "Leads", "lastName", List.of(
                    builder("lastName", FieldType.TEXT).required(true).build(), builder("company", FieldType.TEXT).build(),
                    builder("title", FieldType.TEXT).build(), builder("email", FieldType.EMAIL).build(),
                    builder("city", FieldType.TEXT).build(), builder("country", FieldType.TEXT).build(),
                    builder("source", FieldType.TEXT).build(),
                    builder("status", FieldType.TEXT).defaultValue("New").build())));
        }
    }
}
