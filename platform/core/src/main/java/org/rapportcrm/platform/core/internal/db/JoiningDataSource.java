package org.rapportcrm.platform.core.internal.db;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource for libraries that run their own SQL (the scheduler): on a thread inside one of the platform's
 * transactions it hands out that transaction's connection, so their writes commit or roll back with it (the same
 * trick as Spring's TransactionAwareDataSourceProxy); elsewhere a pooled connection of its own.
 */
final class JoiningDataSource implements DataSource {
    /** What the transaction's owner alone decides: the library must not end or change the shared transaction. */
    private static final Set<String> OWNER_ONLY = Set.of("close", "commit", "rollback", "setAutoCommit", "setTransactionIsolation");

    private final DataSource pool;
    private final Supplier<Connection> transaction;

    JoiningDataSource(DataSource pool, Supplier<Connection> transaction) {
        this.pool = pool;
        this.transaction = transaction;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection shared = transaction.get();
        return shared == null ? pool.getConnection() : joined(shared);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    private static Connection joined(Connection shared) {
        return (Connection) Proxy.newProxyInstance(JoiningDataSource.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (OWNER_ONLY.contains(method.getName())) {
                        return null;
                    }
                    try {
                        return method.invoke(shared, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return pool.isWrapperFor(iface);
    }
}
