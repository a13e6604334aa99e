package org.rapportcrm.platform.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.UserService;

@Command(scope = "rapport", name = "health", description = "Shows whether the database answers and the platform is set up")
@Service
public class HealthCommand implements Action {
    @Reference
    MetadataService metadata;

    @Reference
    RecordService records;

    @Reference
    UserService users;

    @Override
    public Object execute() {
        long start = System.nanoTime();
        try {
            for (RecordType t : metadata.types()) {
                records.query(Actor.system(), Query.of(t.getApiName()).limit(1));
            }
            System.out.printf("Status: UP%nDatabase: answers (%d ms for %d types)%nRecord types: %d%nAdministrator: %s%n",
                    (System.nanoTime() - start) / 1_000_000, metadata.types().size(), metadata.types().size(),
                    users.isSetUp() ? "set up" : "NOT set up: open the console from this machine or set RAPPORT_ADMIN_PASSWORD");
        } catch (RuntimeException e) {
            System.out.println("Status: DOWN (" + e.getMessage() + ")");
        }
        return null;
    }
}
