package org.rapportcrm.platform.core.internal.db;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * A DataSource for libraries that run their own SQL (the scheduler): on a thread inside one of the platform's
 * transactions it hands out that transaction's connection, so their writes commit or roll back with it (the same
 * trick as Spring's TransactionAwareDataSourceProxy); elsewhere a pooled connection of its own.
 */
final class JoiningDataSource extends DelegatingDataSource {
    /** What the transaction's owner alone decides: the library must not end or change the shared transaction. */
    private static final Set<String> OWNER_ONLY = Set.of("close", "commit", "rollback", "setAutoCommit", "setTransactionIsolation");

    private final Supplier<Connection> transaction;

    JoiningDataSource(DataSource pool, Supplier<Connection> transaction) {
        super(pool);
        this.transaction = transaction;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection shared = transaction.get();
        return shared == null ? delegate.getConnection() : joined(shared);
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
}
