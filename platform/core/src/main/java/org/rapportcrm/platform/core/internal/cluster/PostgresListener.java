package org.rapportcrm.platform.core.internal.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's listening connection: a connection taken from the pool and kept, which LISTENs on the cluster's channel
 * and waits for notifications on the socket (they arrive as soon as the sending transaction commits). The connection is
 * checked every few seconds, since one cut without notice would otherwise wait for the operating system's timeouts;
 * when it fails, a new one is taken with a growing pause, and the receiver is told from when it may have missed notices.
 */
final class PostgresListener {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresListener.class);
    /** How long one wait for notifications lasts: also how soon a stop is noticed. */
    private static final int WAIT_MILLIS = 500;
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);
    private static final int CHECK_TIMEOUT_SECONDS = 3;
    private static final String NOT_YET = "not connected yet";

    interface Receiver {
        /** Listening (again): notices sent from {@code missedSince} on may not have arrived. */
        void connected(Instant missedSince);

        void received(String notice);
    }

    private final DataSource dataSource;
    private final String channel;
    private final ClusterChannel.Config config;
    private final Clock clock;
    private final Receiver receiver;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopped = lock.newCondition();
    private volatile boolean stopping;
    /** Every notice sent before this time has been received; only the listening thread touches it. */
    private Instant heardUntil;
    /** The listening connection's server process, for operators (pg_stat_activity) and tests. */
    private volatile int backendPid;
    /** Why this node does not listen now, or null while it does. */
    private volatile String problem = NOT_YET;
    private volatile boolean hasListened;

    PostgresListener(DataSource dataSource, String channel, ClusterChannel.Config config, Clock clock, Receiver receiver) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.config = config;
        this.clock = clock;
        this.receiver = receiver;
        this.thread = new Thread(this::run, "rapport-cluster-listener");
        this.thread.setDaemon(true);
    }

    String channel() {
        return channel;
    }

    void start() {
        thread.start();
    }

    void stop() {
        stopping = true;
        lock.lock();
        try {
            stopped.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(CHECK_TIMEOUT_SECONDS) + 2 * WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isListening() {
        return problem == null;
    }

    String problem() {
        return problem;
    }

    /** Whether it listened at some time: until then, it is starting. */
    boolean hasListened() {
        return hasListened;
    }

    int backendPid() {
        return backendPid;
    }

    private void run() {
        // Until the first connection, everything since this node started may have been missed.
        heardUntil = clock.instant();
        Duration pause = Duration.ofSeconds(Math.max(1, config.reconnectSeconds()));
        while (!stopping) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                PGConnection pg = c.unwrap(PGConnection.class);
                backendPid = pg.getBackendPID();
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + quoted(channel));
                }
                if (hasListened) {
                    LOG.info("Listening to the other nodes' changes again");
                }
                problem = null;
                hasListened = true;
                pause = Duration.ofSeconds(Math.max(1, config.reconnectSeconds()));
                receiver.connected(heardUntil);
                listen(c, pg);
            } catch (SQLException | RuntimeException e) {
                if (stopping) {
                    break;
                }
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (problem == null || problem == NOT_YET) { // once per outage
                    LOG.warn("Not listening to the other nodes' changes: {}; trying again every {} s at most", reason, MAX_PAUSE.toSeconds(), e);
                }
                problem = reason;
                pauseFor(pause);
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
        problem = "stopped";
    }

    /** Hands on notifications until the node stops or the connection fails (then it throws). */
    private void listen(Connection c, PGConnection pg) throws SQLException {
        Instant nextCheck = clock.instant().plusSeconds(config.checkSeconds());
        Instant previousWait = heardUntil;
        while (!stopping) {
            Instant waitStarted = clock.instant();
            PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
            if (notifications != null) {
                for (PGNotification n : notifications) {
                    receiver.received(n.getParameter());
                }
            }
            if (!clock.instant().isBefore(nextCheck)) {
                if (!c.isValid(CHECK_TIMEOUT_SECONDS)) {
                    throw new SQLException("the listening connection did not answer within " + CHECK_TIMEOUT_SECONDS + " s");
                }
                nextCheck = clock.instant().plusSeconds(config.checkSeconds());
            }
            // A notice committed before the previous wait began has reached this node by the end of this one.
            heardUntil = previousWait;
            previousWait = waitStarted;
        }
    }

    private void pauseFor(Duration pause) {
        lock.lock();
        try {
            if (!stopping) {
                stopped.await(pause.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } finally {
            lock.unlock();
        }
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
