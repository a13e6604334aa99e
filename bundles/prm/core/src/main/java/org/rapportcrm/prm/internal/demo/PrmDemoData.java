package org.rapportcrm.prm.internal.demo;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.file.FileService;
import org.rapportcrm.platform.api.file.NewFile;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.NewUser;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.prm.api.Partners;
import org.rapportcrm.prm.internal.RegistrationDecisions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds PRM demo data once, when demo data is on ({@code RAPPORT_DEMO_DATA=true} or this component's configuration) and
 * there are no partner tiers yet: a task on the clustered scheduler that waits for the sales demo's opportunities,
 * since one demo registration clashes with one of them. Two tiers, three partners, the channel manager {@code carla}
 * and two partner users ({@code paula@northwind.example}, {@code conrad@contoso.example}), all with the demo password;
 * registrations submitted, under review for a conflict, approved and rejected; collateral for each tier, for every
 * tier, and a draft, with files.
 */
@Component(service = ScheduledTaskHandler.class, configurationPid = PrmDemoData.PID)
@Designate(ocd = PrmDemoData.Config.class)
public class PrmDemoData implements ScheduledTaskHandler {
    public static final String PID = "org.rapportcrm.prm.demo";
    static final String NAME = "prm.demo-data";
    static final String PASSWORD = "demo-password";
    private static final Logger LOG = LoggerFactory.getLogger(PrmDemoData.class);
    private static final Duration WAIT_FOR_SALES = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofSeconds(3);

    @ObjectClassDefinition(name = "Rapport PRM demo data", description = "Generates partners and deal registrations into an installation without partner tiers")
    public @interface Config {
        @AttributeDefinition(description = "Generate on start (the environment variable RAPPORT_DEMO_DATA=true does the same)")
        boolean enabled() default false;
    }

    private final RecordService records;
    private final UserService users;
    private final RegistrationDecisions decisions;
    private final FileService files;

    @Activate
    public PrmDemoData(@Reference RecordService records, @Reference UserService users, @Reference RegistrationDecisions decisions,
            @Reference FileService files, @Reference TaskScheduler scheduler, Config config) {
        this.records = records;
        this.users = users;
        this.decisions = decisions;
        this.files = files;
        if (config.enabled() || "true".equalsIgnoreCase(System.getenv("RAPPORT_DEMO_DATA"))) {
            scheduler.scheduleIfAbsent(NAME, "once", Instant.now(), Map.of("until", Instant.now().plus(WAIT_FOR_SALES).toString()));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        if (records.count(Actor.system(), Partners.TIER, null) > 0) {
            LOG.info("PRM demo data not generated: there are partner tiers already");
            return TaskOutcome.done();
        }
        Instant until = Instant.parse((String) run.data().get("until"));
        long opportunities = records.count(Actor.system(), "opportunity", null);
        Object seen = run.data().get("opportunities");
        boolean settled = opportunities > 0 && seen instanceof Number n && n.longValue() == opportunities;
        if (!settled && Instant.now().isBefore(until)) {
            return TaskOutcome.runAgainAt(Instant.now().plus(POLL), Map.of("until", until.toString(), "opportunities", opportunities));
        }
        long start = System.nanoTime();
        records.inTransaction(() -> {
            generate();
            return null;
        });
        LOG.info("Generated PRM demo data in {} ms", (System.nanoTime() - start) / 1_000_000);
        return TaskOutcome.done();
    }

    private void generate() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String gold = create(Partners.TIER, Map.of("name", "Gold", "discountPercent", 15, "protectionDays", 90,
                "mdfAllowance", new Money(java.math.BigDecimal.valueOf(50_000), "EUR"),
                "benefits", "Deal registration with 15% discount, 90 days of protection, market development funds, a partner manager"));
        String silver = create(Partners.TIER, Map.of("name", "Silver", "discountPercent", 5, "protectionDays", 60,
                "mdfAllowance", new Money(java.math.BigDecimal.valueOf(10_000), "EUR"),
                "benefits", "Deal registration with 5% discount, 60 days of protection"));
        String northwind = partner("Northwind Partners", gold, "Germany, Austria, Switzerland", "Sales, Technical", today);
        String contoso = partner("Contoso Consulting", silver, "France, Belgium, Netherlands", "Sales", today);
        partner("Fabrikam Solutions", silver, "Denmark, Norway, Sweden", "", today);
        User carla = users.createUser(Actor.system(), new NewUser("carla", "Carla Channel", "carla@rapport.example", PASSWORD,
                Set.of(Partners.CHANNEL_MANAGER_ROLE), Set.of()));
        Actor paula = partnerUser("paula@northwind.example", "Paula Northwind", northwind);
        Actor conrad = partnerUser("conrad@contoso.example", "Conrad Contoso", contoso);

        // A registration for a customer the sales team already works: flagged, under review.
        List<Record> open = records.query(Actor.system(), Query.of("opportunity").where(Filter.and(Filter.isEmpty("closedAt"),
                Filter.isNotEmpty("account"))).limit(1)).items();
        if (!open.isEmpty()) {
            Record customer = records.get(Actor.system(), "account", (String) open.get(0).get("account"));
            register(paula, (String) customer.get("name"), (String) customer.get("website"), 42_000, today.plusDays(75));
        }
        register(paula, "Blue Yonder Airlines", "blueyonder.example", 120_000, today.plusDays(45));
        Record approved = register(conrad, "Wingtip Toys", "wingtiptoys.example", 35_000, today.plusDays(30));
        Record rejected = register(conrad, "Tailspin Toys", "tailspin.example", 8_000, today.plusDays(20));
        Actor manager = Actor.user(carla.id(), carla.userName(), carla.roles(), Set.of());
        decisions.approve(manager, approved.getId(), "Qualified: budget and decision maker confirmed", null);
        decisions.reject(manager, rejected.getId(), "Tailspin buys directly from us under a framework agreement");

        collateral(manager, "Rapport product overview", "Brochure", null, Partners.PUBLISHED, "product-overview.txt",
                "Rapport: a CRM you run yourself. Sales, service, marketing and partners on one platform.");
        collateral(manager, "Partner price list", "Price list", gold, Partners.PUBLISHED, "gold-price-list.csv",
                "product,list price,partner price\nRapport Cloud,1200,1020\nRapport On-premises,9000,7650\n");
        collateral(manager, "Competitive battlecard", "Presentation", gold, Partners.PUBLISHED, "battlecard.txt",
                "Where we win: self-hosting, metadata-driven customisation, no per-seat lock-in.");
        collateral(manager, "Silver onboarding guide", "Training", silver, Partners.PUBLISHED, "onboarding.txt",
                "Your first 90 days as a Rapport Silver partner: training, first registration, first deal.");
        collateral(manager, "Next year's partner programme", "Presentation", gold, Partners.DRAFT, null, null);
    }

    private void collateral(Actor manager, String title, String kind, String tier, String status, String fileName, String text) {
        Map<String, Object> values = new java.util.HashMap<>(Map.of("title", title, "kind", kind, "status", status,
                "description", kind + " for " + (tier == null ? "every partner" : "the tier's partners")));
        if (tier != null) {
            values.put(Partners.PARTNER_TIER, tier);
        }
        Record item = records.create(manager, Partners.COLLATERAL, values);
        if (fileName != null) {
            files.store(manager, Partners.COLLATERAL, item.getId(), new NewFile(fileName, null, false),
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private String partner(String name, String tier, String territories, String certifications, LocalDate today) {
        return create("account", Map.of("name", name, "accountType", "Partner", Partners.IS_PARTNER, true, Partners.PARTNER_TIER, tier,
                Partners.TERRITORIES, territories, Partners.CERTIFICATIONS, certifications, Partners.AGREEMENT_START, today.minusMonths(18),
                Partners.AGREEMENT_END, today.plusMonths(18)));
    }

    private Actor partnerUser(String email, String displayName, String account) {
        User user = users.createUser(Actor.system(), new NewUser(email, displayName, email, PASSWORD, Set.of(Partners.PARTNER_ROLE), Set.of(),
                account));
        return Actor.external(user.id(), user.userName(), user.roles(), account);
    }

    private Record register(Actor partner, String customer, String domain, long amount, LocalDate closeDate) {
        Map<String, Object> values = new java.util.HashMap<>(Map.of("customerName", customer, "closeDate", closeDate,
                "amount", new Money(java.math.BigDecimal.valueOf(amount), "EUR")));
        if (domain != null) {
            values.put("customerDomain", domain);
        }
        return records.create(partner, Partners.REGISTRATION, values);
    }

    private String create(String type, Map<String, Object> values) {
        return records.create(Actor.system(), type, values).getId();
    }
}
