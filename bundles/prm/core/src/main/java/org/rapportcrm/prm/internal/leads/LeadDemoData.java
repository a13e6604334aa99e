package org.rapportcrm.prm.internal.leads;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.prm.api.Partners;
import org.rapportcrm.prm.internal.demo.PrmDemoData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lead distribution's demo, with PRM's demo data on (same switch): once the demo partners and users are there, ranks
 * Gold before Silver and distributes three new leads through the channel manager {@code carla}: one Northwind's
 * {@code paula} accepts and works, one waits for Contoso's answer, one Northwind rejects, so it goes on to the next
 * partner covering Germany or stays with its owner.
 */
@Component(service = ScheduledTaskHandler.class, configurationPid = PrmDemoData.PID)
public class LeadDemoData implements ScheduledTaskHandler {
    static final String NAME = "prm.lead-demo-data";
    private static final Logger LOG = LoggerFactory.getLogger(LeadDemoData.class);
    private static final Duration WAIT_FOR_PARTNERS = Duration.ofMinutes(15);

    private final RecordService records;
    private final UserService users;
    private final LeadDistribution distribution;

    @Activate
    public LeadDemoData(@Reference RecordService records, @Reference UserService users, @Reference LeadDistribution distribution,
            @Reference TaskScheduler scheduler, PrmDemoData.Config config) {
        this.records = records;
        this.users = users;
        this.distribution = distribution;
        if (config.enabled() || "true".equalsIgnoreCase(System.getenv("RAPPORT_DEMO_DATA"))) {
            scheduler.scheduleIfAbsent(NAME, "once", Instant.now(), Map.of("until", Instant.now().plus(WAIT_FOR_PARTNERS).toString()));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        if (records.count(Actor.system(), LeadOffers.TYPE, null) > 0) {
            return TaskOutcome.done();
        }
        User carla = user("carla");
        User paula = user("paula@northwind.example");
        if (carla == null || paula == null || records.count(Actor.system(), Partners.TIER, null) < 2) {
            return TaskOutcome.runAgainUntil(Instant.parse((String) run.data().get("until")), Duration.ofSeconds(3),
                    "The PRM demo partners did not appear");
        }
        records.inTransaction(() -> {
            for (Record tier : records.all(Actor.system(), Query.of(Partners.TIER).limit(10))) {
                Object rank = "Gold".equals(tier.get("name")) ? 1 : "Silver".equals(tier.get("name")) ? 2 : null;
                if (rank != null) {
                    records.update(Actor.system(), Partners.TIER, tier.getId(), tier.getVersion(), Map.of(LeadOffers.TIER_RANK, rank,
                            LeadOffers.TIER_CAPACITY, 10));
                }
            }
            return null;
        });
        Actor manager = Actor.user(carla.id(), carla.userName(), carla.roles(), carla.teamIds());
        Actor northwind = Actor.external(paula.id(), paula.userName(), paula.roles(), paula.accountId());
        Record accepted = distribution.distribute(manager, lead("Lena", "Vogel", "Alpenblick Hotels", "Munich", "Germany").getId());
        distribution.accept(northwind, accepted.getId());
        Record lead = records.get(northwind, "lead", (String) accepted.get(LeadOffers.LEAD));
        records.update(northwind, "lead", lead.getId(), lead.getVersion(), Map.of("status", "Working"));
        distribution.distribute(manager, lead("Hugo", "Lambert", "Maison Lumière", "Lyon", "France").getId());
        Record rejected = distribution.distribute(manager, lead("Jonas", "Keller", "Keller Logistik", "Zurich", "Switzerland").getId());
        if (paula.accountId().equals(rejected.get(Partners.PARTNER_ACCOUNT))) {
            distribution.reject(northwind, rejected.getId(), "Logistics is not our field");
        }
        LOG.info("Generated the lead distribution demo");
        return TaskOutcome.done();
    }

    private Record lead(String first, String last, String company, String city, String country) {
        return records.create(Actor.system(), "lead", Map.of("firstName", first, "lastName", last, "company", company, "city", city,
                "country", country, "source", "Event", "email", first.toLowerCase(java.util.Locale.ROOT) + "@"
                        + company.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", "") + ".example"));
    }

    private User user(String userName) {
        List<User> all = users.users(Actor.system());
        return all.stream().filter(u -> u.userName().equals(userName)).findFirst().orElse(null);
    }
}
