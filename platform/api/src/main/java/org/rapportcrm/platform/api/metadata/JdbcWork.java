package org.rapportcrm.platform.api.metadata;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Plain JDBC on a table a bundle owns ({@link SchemaMigrations}), for work where a record's validation, audit and
 * change event per row would cost too much (delivery logs, memberships, per-recipient queues). The platform's
 * {@link SchemaMigrations#DATA_SOURCE} joins the platform's transaction when the calling thread is in one
 * ({@code RecordService.inTransaction}), so such rows commit together with the records written beside them.
 */
public final class JdbcWork {
    /** Statements on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private JdbcWork() {
    }

    /**
     * Runs the work in a transaction of its own, or in the platform's when the thread is in one.
     *
     * @param what what the work keeps, for the error: "The webhook delivery log"
     * @throws IllegalStateException wrapping an {@link SQLException}, after rolling back
     */
    public static <T> T inTransaction(DataSource dataSource, String what, Work<T> work) {
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
            throw new IllegalStateException(what + " could not be written: " + e.getMessage(), e);
        }
    }

    /**
     * Runs read-only work on a connection (the platform's transaction's, when the thread is in one).
     *
     * @throws IllegalStateException wrapping an {@link SQLException}
     */
    public static <T> T read(DataSource dataSource, String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException(what + " could not be read: " + e.getMessage(), e);
        }
    }
}
