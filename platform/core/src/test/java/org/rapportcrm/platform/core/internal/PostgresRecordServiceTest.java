package org.rapportcrm.platform.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.postgresql.ds.PGSimpleDataSource;

/** Runs where a PostgreSQL server is given (.ci/run starts one): each test in a schema of its own. */
@EnabledIfEnvironmentVariable(named = PostgresRecordServiceTest.URL_VARIABLE, matches = "jdbc:postgresql:.+")
class PostgresRecordServiceTest extends RecordServiceTest {
    static final String URL_VARIABLE = "RAPPORT_TEST_POSTGRES_URL";

    @Override
    DataSource dataSource() {
        return newSchema();
    }

    /** A data source on a schema of its own in the given server, so tests never see each other's tables. */
    static DataSource newSchema() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(System.getenv(URL_VARIABLE));
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare a test schema on " + ds.getUrl(), e);
        }
        ds.setCurrentSchema(schema);
        return ds;
    }
}
