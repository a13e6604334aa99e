package org.rapportcrm.marketing.campaigns.internal;

import javax.sql.DataSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.rapportcrm.platform.core.internal.PostgresSchemas;

/** The same on PostgreSQL where one is given ({@code RAPPORT_TEST_POSTGRES_URL}), each test in a schema of its own. */
@EnabledIfEnvironmentVariable(named = PostgresSchemas.URL_VARIABLE, matches = "jdbc:postgresql:.+")
class PostgresOutboxMaterialisationTest extends OutboxMaterialisationTest {
    @Override
    DataSource database() {
        return PostgresSchemas.newSchema();
    }
}
