package org.rapportcrm.platform.core.internal.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.NewUser;
import org.rapportcrm.platform.api.security.Team;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.platform.core.internal.metadata.StandardTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an empty installation with a realistic, repeatable data set (the same seed gives the same CRM) so a newcomer
 * sees a live CRM: sales, marketing and service users in teams, accounts, their contacts and a year of activities.
 * Runs in the background once, when enabled by {@code RAPPORT_DEMO_DATA=true} or this component's configuration.
 */
@Component(configurationPid = DemoDataGenerator.PID)
@Designate(ocd = DemoDataGenerator.Config.class)
public class DemoDataGenerator {
    public static final String PID = "org.rapportcrm.demo";
    public static final String DEMO_PASSWORD = "demo-password";
    private static final Logger LOG = LoggerFactory.getLogger(DemoDataGenerator.class);

    @ObjectClassDefinition(name = "Rapport demo data", description = "Generates demonstration data into an empty installation")
    public @interface Config {
        @AttributeDefinition(description = "Generate demo data on start when the database has no accounts yet "
                + "(the environment variable RAPPORT_DEMO_DATA=true does the same)")
        boolean enabled() default false;

        int accounts() default 300;

        int contacts() default 2000;

        int activities() default 5000;

        long seed() default 42;
    }

    private static final String[] FIRST = {"Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hugo", "Ines", "Jonas",
        "Katrin", "Lukas", "Maria", "Noah", "Olivia", "Paul", "Quentin", "Rosa", "Samuel", "Tara", "Ugo", "Vera", "William",
        "Xenia", "Yusuf", "Zoe", "Liam", "Sofia", "Mateo", "Chloe", "Oskar", "Freya", "Arjun", "Mei", "Kenji", "Amara"};
    private static final String[] LAST = {"Schmidt", "Müller", "Dubois", "Martin", "Smith", "Johnson", "García", "Rossi", "Jansen",
        "Nielsen", "Andersson", "Kowalski", "Novak", "Silva", "Costa", "Brown", "Taylor", "Wilson", "Bernard", "Moreau", "Fischer",
        "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Lopez", "Romano", "de Vries", "Bakker", "Lindqvist", "Nowak", "Tanaka",
        "Okafor", "Patel", "O'Brien", "Kelly", "Murphy", "Lambert", "Fontaine"};
    private static final String[] TITLES = {"CEO", "CFO", "CTO", "Head of Sales", "Sales Manager", "Purchasing Manager",
        "IT Director", "Operations Manager", "Marketing Director", "Office Manager", "Project Lead", "Engineer", "Consultant"};
    private static final String[] DEPARTMENTS = {"Management", "Sales", "Purchasing", "IT", "Operations", "Marketing", "Finance"};
    private static final String[] NAME_PARTS = {"Nord", "Blue", "Alpen", "Sun", "Iron", "Green", "River", "Stone", "Bright",
        "Silver", "Oak", "Delta", "Nova", "Peak", "Harbor", "Apex", "Vertex", "Lumen", "Terra", "Orbit"};
    private static final String[] NAME_ENDS = {"tech", "works", "logic", "soft", "data", "field", "line", "point", "bridge", "gate"};
    private static final String[] SUFFIXES = {"GmbH", "AG", "Ltd", "Inc.", "SA", "BV", "AB", "S.r.l.", "LLC", "SE"};
    private static final String[][] PLACES = {{"Germany", "Berlin", "Munich", "Hamburg", "+49"}, {"France", "Paris", "Lyon", "Lille", "+33"},
        {"United Kingdom", "London", "Manchester", "Leeds", "+44"}, {"United States", "New York", "Chicago", "Austin", "+1"},
        {"Netherlands", "Amsterdam", "Rotterdam", "Utrecht", "+31"}, {"Spain", "Madrid", "Barcelona", "Valencia", "+34"},
        {"Italy", "Milan", "Rome", "Turin", "+39"}, {"Sweden", "Stockholm", "Gothenburg", "Malmö", "+46"},
        {"Austria", "Vienna", "Graz", "Linz", "+43"}, {"Switzerland", "Zurich", "Geneva", "Basel", "+41"}};
    private static final String[] SUBJECTS_CALL = {"Discovery call", "Follow-up call", "Pricing discussion", "Check-in call", "Renewal call"};
    private static final String[] SUBJECTS_MEETING = {"Product demo", "Quarterly business review", "On-site workshop", "Kick-off meeting"};
    private static final String[] SUBJECTS_TASK = {"Send proposal", "Prepare contract", "Update contact details", "Send case study"};
    private static final String[] SUBJECTS_NOTE = {"Budget confirmed for next quarter", "Competitor evaluated", "Decision maker identified"};
    private static final String[] SUBJECTS_EMAIL = {"Introduction email", "Meeting recap", "Proposal sent", "Thank-you email"};

    private final RecordService records;
    private final UserService users;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "rapport-demo-data"));
    private volatile boolean stopping;

    @Activate
    public DemoDataGenerator(@Reference RecordService records, @Reference UserService users, Config config) {
        this.records = records;
        this.users = users;
        boolean enabled = config.enabled() || "true".equalsIgnoreCase(System.getenv("RAPPORT_DEMO_DATA"));
        if (enabled) {
            worker.execute(() -> generateIfEmpty(config));
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stopping = true;
        worker.shutdown();
        worker.awaitTermination(30, TimeUnit.SECONDS);
    }

    void generateIfEmpty(Config config) {
        try {
            if (!records.query(Actor.system(), Query.of("account").limit(1)).items().isEmpty()) {
                LOG.info("Demo data not generated: the database already has accounts");
                return;
            }
            long start = System.nanoTime();
            int n = generate(config);
            LOG.info("Generated {} demo records in {} s", n, (System.nanoTime() - start) / 1_000_000_000);
        } catch (RuntimeException e) {
            LOG.error("Demo data generation failed: {}", e.getMessage(), e);
        }
    }

    int generate(Config config) {
        Random random = new Random(config.seed());
        Actor system = Actor.system();
        Team north = users.createTeam(system, "Sales North");
        Team south = users.createTeam(system, "Sales South");
        List<String> sales = new ArrayList<>();
        sales.add(demoUser("alice", "Alice Adams", "sales", north).id());
        sales.add(demoUser("bob", "Bob Brown", "sales", north).id());
        sales.add(demoUser("carol", "Carol Chen", "sales", south).id());
        sales.add(demoUser("dan", "Dan Diaz", "sales", south).id());
        demoUser("maya", "Maya Marketing", "marketing", null);
        String service = demoUser("sam", "Sam Service", "service", null).id();
        demoUser("rita", "Rita Reader", "read-only", null);

        Instant now = Instant.now();
        int created = 0;
        List<Record> accounts = new ArrayList<>();
        for (int i = 0; i < config.accounts() && !stopping; i++) {
            String[] place = PLACES[random.nextInt(PLACES.length)];
            String stem = pick(random, NAME_PARTS) + pick(random, NAME_ENDS);
            Map<String, Object> v = new HashMap<>();
            v.put("name", stem + " " + pick(random, SUFFIXES) + (i >= 200 ? " " + (i / 200 + 1) : ""));
            v.put("accountType", random.nextInt(10) < 6 ? "Customer" : random.nextInt(3) == 0 ? "Partner" : "Prospect");
            v.put("industry", pick(random, StandardTypes.INDUSTRIES.toArray(String[]::new)));
            v.put("website", "https://www." + stem.toLowerCase(Locale.ROOT) + ".example");
            v.put("phone", place[4] + " " + (100 + random.nextInt(900)) + " " + (100000 + random.nextInt(900000)));
            v.put("city", place[1 + random.nextInt(3)]);
            v.put("country", place[0]);
            v.put("employees", (long) (5 + random.nextInt(5000)));
            v.put("annualRevenue", new Money(BigDecimal.valueOf(100_000L + random.nextInt(50_000_000)), random.nextBoolean() ? "EUR" : "USD"));
            v.put("owner", sales.get(random.nextInt(sales.size())));
            accounts.add(records.create(system, "account", v));
            created++;
        }
        List<Record> contacts = new ArrayList<>();
        for (int i = 0; i < config.contacts() && !stopping; i++) {
            Record account = accounts.get(random.nextInt(accounts.size()));
            String first = pick(random, FIRST);
            String last = pick(random, LAST);
            Map<String, Object> v = new HashMap<>();
            v.put("firstName", first);
            v.put("lastName", last);
            String domain = ((String) account.get("website")).substring("https://www.".length());
            v.put("email", (first + "." + last).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "") + i + "@" + domain);
            v.put("phone", account.get("phone"));
            v.put("title", pick(random, TITLES));
            v.put("department", pick(random, DEPARTMENTS));
            v.put("account", account.getId());
            v.put("city", account.get("city"));
            v.put("country", account.get("country"));
            v.put("birthdate", LocalDate.of(1955 + random.nextInt(45), 1 + random.nextInt(12), 1 + random.nextInt(28)));
            v.put("doNotCall", random.nextInt(20) == 0);
            v.put("owner", account.getOwner());
            contacts.add(records.create(system, "contact", v));
            created++;
        }
        for (int i = 0; i < config.activities() && !stopping; i++) {
            Record contact = contacts.get(random.nextInt(contacts.size()));
            String type = StandardTypes.ACTIVITY_TYPES.get(random.nextInt(StandardTypes.ACTIVITY_TYPES.size()));
            Instant due = now.plus(random.nextInt(180) - 120, ChronoUnit.DAYS).plus(random.nextInt(10 * 60), ChronoUnit.MINUTES)
                    .truncatedTo(ChronoUnit.MINUTES);
            boolean past = due.isBefore(now);
            String status = past ? (random.nextInt(10) < 8 ? "Completed" : "Cancelled") : (random.nextInt(4) == 0 ? "In progress" : "Planned");
            Map<String, Object> v = new HashMap<>();
            v.put("subject", subject(random, type) + " – " + contact.get("lastName"));
            v.put("activityType", type);
            v.put("status", status);
            v.put("priority", random.nextInt(5) == 0 ? "High" : random.nextInt(3) == 0 ? "Low" : "Normal");
            v.put("dueAt", due);
            if ("Completed".equals(status)) {
                v.put("completedAt", due.plus(random.nextInt(120), ChronoUnit.MINUTES));
            }
            if (type.equals("Call") || type.equals("Meeting")) {
                v.put("durationMinutes", (long) (15 + 15 * random.nextInt(8)));
            }
            v.put("contact", contact.getId());
            v.put("account", contact.get("account"));
            v.put("owner", random.nextInt(10) == 0 ? service : contact.getOwner());
            records.create(system, "activity", v);
            created++;
        }
        return created;
    }

    private User demoUser(String userName, String displayName, String role, Team team) {
        return users.createUser(Actor.system(), new NewUser(userName, displayName, userName + "@rapport.example", DEMO_PASSWORD,
                Set.of(role), team == null ? Set.of() : Set.of(team.id())));
    }

    private static String subject(Random random, String type) {
        return switch (type) {
            case "Call" -> pick(random, SUBJECTS_CALL);
            case "Meeting" -> pick(random, SUBJECTS_MEETING);
            case "Task" -> pick(random, SUBJECTS_TASK);
            case "Note" -> pick(random, SUBJECTS_NOTE);
            default -> pick(random, SUBJECTS_EMAIL);
        };
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
