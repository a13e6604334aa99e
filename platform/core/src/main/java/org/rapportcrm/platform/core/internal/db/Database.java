package org.rapportcrm.platform.core.internal.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Rapport's database: the DataSource registered by pax-jdbc-config (embedded Derby unless configured otherwise), its
 * dialect, and transactions over plain JDBC. The platform's own tables are migrated before anything else uses it.
 */
@Component(service = Database.class)
public final class Database {
    private final DataSource dataSource;
    private final Dialect dialect;

    @Activate
    public Database(@Reference(name = "dataSource", target = "(osgi.jndi.service.name=rapportds)") DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection()) {
            this.dialect = Dialect.of(c);
        } catch (SQLException e) {
            throw new DatabaseException("Cannot connect to the database", e);
        }
        new Migrator(this).migrate(CoreMigrations.OWNER, CoreMigrations.all());
    }

    public Dialect dialect() {
        return dialect;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e);
        }
    }

    /** Runs read-only work with auto-commit on. */
    public <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e);
        }
    }
}
