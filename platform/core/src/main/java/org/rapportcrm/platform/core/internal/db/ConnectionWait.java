package org.rapportcrm.platform.core.internal.db;

import java.sql.SQLException;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.rapportcrm.platform.api.record.BusyException;

/**
 * The connection pool is the platform's queue: a call waits for a connection at most the pool's {@code maxWaitMillis}
 * (etc/org.ops4j.datasource-rapport.cfg), then is refused as {@link BusyException} instead of waiting without limit.
 */
public final class ConnectionWait {
    /** A wait that ended empty-handed means every connection was busy for seconds: come back shortly. */
    static final int RETRY_AFTER_SECONDS = 1;
    /**
     * SQL state class 40, transaction rollback: a lock wait that timed out, a deadlock, a serialization failure (Derby
     * 40XL1/40XL2, PostgreSQL 40001/40P01). The whole transaction was undone, so trying again is safe.
     */
    private static final String TRANSACTION_ROLLBACK = "40";

    private ConnectionWait() {
    }

    /**
     * The refusal to throw if {@code failure} is the pool's timeout, however wrapped (JDBC, JPA): commons-pool, under
     * pax-jdbc's dbcp2 pool, reports an exhausted wait as a {@link NoSuchElementException}; or if the database undid
     * the transaction because it met others (a lock time-out, a deadlock).
     */
    public static Optional<BusyException> timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BusyException busy) {
                return Optional.of(busy);
            }
            if (t instanceof NoSuchElementException) {
                return Optional.of(new BusyException("Rapport is busy: no database connection became free in time; try again shortly",
                        RETRY_AFTER_SECONDS, failure));
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith(TRANSACTION_ROLLBACK)) {
                return Optional.of(new BusyException("Rapport is busy: the change met others at the same moment and was undone; "
                        + "try again shortly", RETRY_AFTER_SECONDS, failure));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}
