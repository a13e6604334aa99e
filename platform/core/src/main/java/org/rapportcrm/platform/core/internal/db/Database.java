package org.rapportcrm.platform.core.internal.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.record.BusyException;

/**
 * Rapport's database: the DataSource registered by pax-jdbc-config (embedded Derby unless configured otherwise), its
 * dialect, and transactions over plain JDBC. The platform's own tables are migrated before anything else uses it.
 */
@Component(service = Database.class)
public final class Database {
    private final DataSource dataSource;
    private final DataSource joining;
    private final Dialect dialect;
    /** The transaction the current thread is in, so work called from inside one joins it. */
    private final ThreadLocal<Transaction> current = new ThreadLocal<>();

    private record Transaction(Connection connection, List<Work<?>> beforeCommit, Map<Object, Object> state, List<Runnable> afterCommit) {
    }

    @Activate
    public Database(@Reference(name = "dataSource", target = "(osgi.jndi.service.name=rapportds)") DataSource dataSource) {
        this.dataSource = dataSource;
        this.joining = new JoiningDataSource(dataSource, () -> {
            Transaction tx = current.get();
            return tx == null ? null : tx.connection();
        });
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

    /** The pool itself: for a connection held apart from every transaction, such as the cluster's listening one. */
    public DataSource pooledDataSource() {
        return dataSource;
    }

    /**
     * The DataSource for libraries that run their own SQL: on a thread inside {@link #inTransaction} it gives that
     * transaction's connection, so what they write commits or rolls back with it.
     */
    public DataSource joiningDataSource() {
        return joining;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. Called inside another
     * transaction on the same thread, it joins that one, so several calls commit or roll back together.
     */
    public <T> T inTransaction(Work<T> work) {
        Transaction outer = current.get();
        if (outer != null) {
            try {
                return work.run(outer.connection());
            } catch (SQLException e) {
                throw new DatabaseException(e.getMessage(), e);
            }
        }
        List<Runnable> afterCommit = new ArrayList<>();
        T result;
        try (Connection c = connect()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            Transaction tx = new Transaction(c, new ArrayList<>(), new HashMap<>(), afterCommit);
            current.set(tx);
            try {
                result = work.run(c);
                for (int i = 0; i < tx.beforeCommit().size(); i++) { // work done here may add more
                    tx.beforeCommit().get(i).run(c);
                }
                c.commit();
            } catch (SQLException | RuntimeException | Error e) {
                c.rollback();
                throw e;
            } finally {
                current.remove();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            Optional<BusyException> busy = ConnectionWait.timedOut(e);
            if (busy.isPresent()) {
                throw busy.get();
            }
            throw new DatabaseException(e.getMessage(), e);
        }
        afterCommit.forEach(Runnable::run);
        return result;
    }

    /**
     * Runs {@code work} in a transaction of its own, committed when it returns, even when this thread is inside
     * another transaction (which it neither joins nor disturbs): for what others must see at once.
     */
    public <T> T separateTransaction(Work<T> work) {
        Transaction outer = current.get();
        current.remove();
        try {
            return inTransaction(work);
        } finally {
            if (outer != null) {
                current.set(outer);
            }
        }
    }

    /** A connection from the pool; its timeout is the platform being busy, not broken. */
    private Connection connect() throws SQLException {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            Optional<BusyException> busy = ConnectionWait.timedOut(e);
            if (busy.isPresent()) {
                throw busy.get();
            }
            throw e;
        }
    }

    /**
     * Runs {@code work} at the end of the current thread's transaction, just before it commits, and as part of it: if
     * it throws, the transaction rolls back. For what is collected during a transaction and best written at once,
     * such as a batch of outbox entries.
     *
     * @throws IllegalStateException outside a transaction
     */
    public void beforeCommit(Work<?> work) {
        requireTransaction().beforeCommit().add(work);
    }

    /**
     * What the current thread's transaction keeps under {@code key}, made by {@code create} on first use; gone when the
     * transaction ends, whether it commits or not.
     *
     * @throws IllegalStateException outside a transaction
     */
    @SuppressWarnings("unchecked")
    public <T> T transactionState(Object key, Supplier<T> create) {
        return (T) requireTransaction().state().computeIfAbsent(key, k -> create.get());
    }

    /** Whether the current thread is inside {@link #inTransaction}. */
    public boolean isInTransaction() {
        return current.get() != null;
    }

    private Transaction requireTransaction() {
        Transaction tx = current.get();
        if (tx == null) {
            throw new IllegalStateException("Only inside a transaction");
        }
        return tx;
    }

    /** Runs {@code action} once the current thread's transaction has committed (never if it rolls back), or now if there is none. */
    public void afterCommit(Runnable action) {
        Transaction tx = current.get();
        if (tx == null) {
            action.run();
        } else {
            tx.afterCommit().add(action);
        }
    }

    /** Runs read-only work with auto-commit on, or inside the current thread's transaction so it sees its writes. */
    public <T> T read(Work<T> work) {
        Transaction tx = current.get();
        try {
            if (tx != null) {
                return work.run(tx.connection());
            }
            try (Connection c = connect()) {
                return work.run(c);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e);
        }
    }
}
