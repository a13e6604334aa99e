package org.rapportcrm.platform.core.internal.health;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.health.HealthCheck;
import org.rapportcrm.platform.api.health.HealthStatus;
import org.rapportcrm.platform.core.internal.db.Database;

/** The database answers: a connection from the pool that the driver confirms is valid. */
@Component
public class DatabaseHealth implements HealthCheck {
    private static final int TIMEOUT_SECONDS = 2;
    private final Database database;

    @Activate
    public DatabaseHealth(@Reference Database database) {
        this.database = database;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public HealthStatus check() {
        try {
            boolean valid = database.read(c -> c.isValid(TIMEOUT_SECONDS));
            return valid ? HealthStatus.up(database.dialect().name().toLowerCase(java.util.Locale.ROOT) + " answers")
                    : HealthStatus.down("the database does not answer within " + TIMEOUT_SECONDS + " s");
        } catch (RuntimeException e) {
            return HealthStatus.down("no connection to the database: " + e.getMessage());
        }
    }
}
