package org.rapportcrm.prm.internal.mdf;

import javax.sql.DataSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.rapportcrm.platform.core.internal.PostgresSchemas;

/**
 * The funds' rules on PostgreSQL (where RAPPORT_TEST_POSTGRES_URL names one), each test in a schema of its own: there
 * concurrent requests do not block each other's reads (MVCC), so only the allocation's lock keeps them from overdrawing.
 */
@EnabledIfEnvironmentVariable(named = PostgresSchemas.URL_VARIABLE, matches = "jdbc:postgresql:.+")
class PostgresMarketDevelopmentFundsTest extends MarketDevelopmentFundsTest {
    @Override
    DataSource dataSource() {
        return PostgresSchemas.newSchema();
    }
}
