package org.rapportcrm.platform.generator.internal;

import java.util.List;
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
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.NewUser;
import org.rapportcrm.platform.api.security.Team;
import org.rapportcrm.platform.api.security.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an empty installation with demo data once, in the background, when {@code RAPPORT_DEMO_DATA=true} or this
 * component's configuration asks for it: sales users in two teams, marketing, service and read-only users, and the
 * generator's accounts, contacts and activities owned by the sales team.
 */
@Component(configurationPid = DemoData.PID)
@Designate(ocd = DemoData.Config.class)
public class DemoData {
    public static final String PID = "org.rapportcrm.demo";
    public static final String PASSWORD = "demo-password";
    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    @ObjectClassDefinition(name = "Rapport demo data", description = "Generates demonstration data into an empty installation")
    public @interface Config {
        @AttributeDefinition(description = "Generate demo data on start when there are no accounts yet "
                + "(the environment variable RAPPORT_DEMO_DATA=true does the same)")
        boolean enabled() default false;

        int accounts() default 300;

        int contacts() default 2000;

        int activities() default 5000;

        long seed() default 42;
    }

    private final RecordService records;
    private final UserService users;
    private final RecordGenerator generator;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "rapport-demo-data"));

    @Activate
    public DemoData(@Reference RecordService records, @Reference MetadataService metadata, @Reference UserService users, Config config) {
        this.records = records;
        this.users = users;
        this.generator = new RecordGenerator(records, metadata);
        if (config.enabled() || "true".equalsIgnoreCase(System.getenv("RAPPORT_DEMO_DATA"))) {
            worker.execute(() -> generateIfEmpty(config));
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(30, TimeUnit.SECONDS);
    }

    private void generateIfEmpty(Config config) {
        try {
            if (records.count(Actor.system(), "account", null) > 0) {
                LOG.info("Demo data not generated: there are accounts already");
                return;
            }
            long start = System.nanoTime();
            Team north = users.createTeam(Actor.system(), "Sales North");
            Team south = users.createTeam(Actor.system(), "Sales South");
            List<String> sales = List.of(user("alice", "Alice Adams", "sales", north), user("bob", "Bob Brown", "sales", north),
                    user("carol", "Carol Chen", "sales", south), user("dan", "Dan Diaz", "sales", south));
            user("maya", "Maya Marketing", "marketing", null);
            user("sam", "Sam Service", "service", null);
            user("rita", "Rita Reader", "read-only", null);
            user("mia", "Mia Manager", "sales-manager", north);
            long n = generator.generate(new RecordGenerator.Counts(config.accounts(), config.contacts(), config.activities()),
                    config.seed(), sales, written -> { });
            // A customer who signs in to the portal as the first contact of the first account: sees only that account and
            // its contacts, and (as the customer portal shows by default) the cases whose contact they are.
            records.query(Actor.system(), Query.of("account").limit(1)).items().stream().findFirst().ifPresent(account -> {
                String contact = records.query(Actor.system(), Query.of("contact").where(Filter.eq("account", account.getId())).limit(1))
                        .items().stream().findFirst().map(Record::getId).orElse(null);
                users.createUser(Actor.system(), new NewUser("pat", "Pat Portal", "pat@customer.example", PASSWORD, Set.of("portal"),
                        Set.of(), account.getId(), contact));
            });
            LOG.info("Generated {} demo records in {} ms", n, (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.error("Demo data generation failed: {}", e.getMessage(), e);
        }
    }

    private String user(String userName, String displayName, String role, Team team) {
        return users.createUser(Actor.system(), new NewUser(userName, displayName, userName + "@rapport.example", PASSWORD,
                Set.of(role), team == null ? Set.of() : Set.of(team.id()))).id();
    }
}
