package org.rapportcrm.platform.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Runs where a PostgreSQL server is given, each test in a schema of its own, through a pool as pax-jdbc gives one. */
@EnabledIfEnvironmentVariable(named = PostgresRecordServiceTest.URL_VARIABLE, matches = "jdbc:postgresql:.+")
class PostgresSchedulerTest extends SchedulerTest {
    @Override
    DataSource dataSource() {
        String url = System.getenv(PostgresRecordServiceTest.URL_VARIABLE);
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        BasicDataSource ds = new BasicDataSource();
        ds.setUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        ds.setMaxTotal(30);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare a test schema on " + url, e);
        }
        return ds;
    }
}
