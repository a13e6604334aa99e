package org.rapportcrm.collaboration.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.postgresql.ds.PGSimpleDataSource;

/** The same on PostgreSQL where one is given ({@code RAPPORT_TEST_POSTGRES_URL}), each test in a schema of its own. */
@EnabledIfEnvironmentVariable(named = "RAPPORT_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class PostgresStoresTest extends StoresTest {
    @Override
    DataSource dataSource() {
        String schema = "collab_" + UUID.randomUUID().toString().replace("-", "");
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(System.getenv("RAPPORT_TEST_POSTGRES_URL"));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        ds.setCurrentSchema(schema);
        return ds;
    }
}
