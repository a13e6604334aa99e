package org.rapportcrm.platform.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Tests on the PostgreSQL server that {@value #URL_VARIABLE} names (.ci/run starts one), each in a schema of its own so
 * they do not see each other's tables. In the test fixture jar, so capability bundles' tests run on PostgreSQL too
 * (they need the driver as a test dependency).
 */
public final class PostgresSchemas {
    public static final String URL_VARIABLE = "RAPPORT_TEST_POSTGRES_URL";

    private PostgresSchemas() {
    }

    /** A new schema on the server given, as the data source's current schema. */
    public static DataSource newSchema() {
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
