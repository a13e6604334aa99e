package org.rapportcrm.prm.internal.mdf;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The funds' rules on PostgreSQL (where RAPPORT_TEST_POSTGRES_URL names one), each test in a schema of its own: there
 * concurrent requests do not block each other's reads (MVCC), so only the allocation's lock keeps them from overdrawing.
 */
@EnabledIfEnvironmentVariable(named = PostgresMarketDevelopmentFundsTest.URL_VARIABLE, matches = "jdbc:postgresql:.+")
class PostgresMarketDevelopmentFundsTest extends MarketDevelopmentFundsTest {
    static final String URL_VARIABLE = "RAPPORT_TEST_POSTGRES_URL";

    @Override
    DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(System.getenv(URL_VARIABLE));
        String schema = "mdf_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare a test schema on " + ds.getUrl(), e);
        }
        ds.setCurrentSchema(schema);
        return ds;
    }
}
