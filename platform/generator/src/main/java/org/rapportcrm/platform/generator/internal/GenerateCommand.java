package org.rapportcrm.platform.generator.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;

@Command(scope = "rapport", name = "generate", description = "Creates realistic accounts, contacts and activities, the same for the same seed")
@Service
public class GenerateCommand implements Action {
    @Reference
    RecordService records;

    @Reference
    MetadataService metadata;

    @Reference
    UserService users;

    @Option(name = "--accounts", description = "Number of accounts (default 1,000)")
    int accounts = 1_000;

    @Option(name = "--contacts", description = "Number of contacts (default 10,000)")
    int contacts = 10_000;

    @Option(name = "--activities", description = "Number of activities (default 20,000)")
    int activities = 20_000;

    @Option(name = "--seed", description = "Seed of the random choices (default 42)")
    long seed = 42;

    @Override
    public Object execute() {
        if (accounts < 1 || contacts < 0 || activities < 0 || (contacts == 0 && activities > 0)) {
            System.err.println("Error: give at least one account, and contacts for activities to refer to");
            return null;
        }
        List<String> owners = users.users(Actor.system()).stream().filter(User::active).filter(u -> u.roles().contains("sales"))
                .map(User::id).toList();
        long start = System.nanoTime();
        long total = (long) accounts + contacts + activities;
        long[] lastReport = {0};
        long n = new RecordGenerator(records, metadata).generate(new RecordGenerator.Counts(accounts, contacts, activities), seed, owners,
                written -> {
                    if (written - lastReport[0] >= Math.max(10_000, total / 20) || written == total) {
                        lastReport[0] = written;
                        System.out.printf("%,d of %,d records%n", written, total);
                    }
                });
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Generated %,d records in %.1f s (%,.0f records/s), owned by %d sales users%n", n, seconds, n / seconds, owners.size());
        return null;
    }
}
