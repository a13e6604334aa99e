package org.rapportcrm.marketing.journeys.internal;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.rapportcrm.platform.core.internal.PostgresSchemas;

/** The same on PostgreSQL where one is given ({@code RAPPORT_TEST_POSTGRES_URL}), each test in a schema of its own. */
@EnabledIfEnvironmentVariable(named = PostgresSchemas.URL_VARIABLE, matches = "jdbc:postgresql:.+")
class PostgresJourneysTest extends JourneysTest {
    @Override
    DataSource database() {
        return PostgresSchemas.newSchema();
    }

    @Override
    boolean aTransactionWaitsForALock() throws SQLException {
        return count("SELECT COUNT(*) FROM pg_locks WHERE NOT granted") > 0;
    }
}
