package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.dbcp2.DataSourceConnectionFactory;
import org.apache.commons.dbcp2.PoolableConnection;
import org.apache.commons.dbcp2.PoolableConnectionFactory;
import org.apache.commons.dbcp2.PoolingDataSource;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.job.Job;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.record.BusyException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.schedule.ClusterScheduler;
import org.rapportcrm.platform.core.internal.transfer.CsvFormat;
import org.rapportcrm.platform.core.internal.transfer.ImportServiceImpl;

/**
 * The connection pool is the queue: a call that gets no connection within the pool's wait is refused as busy (the REST
 * API answers 503 with Retry-After) and has written nothing, where it used to wait without limit; background work waits.
 */
class ConnectionWaitTest {
    private static final int CONNECTIONS = 3;
    private static final int ROWS = 200;
    private final GenericObjectPool<PoolableConnection> pool;
    private final PoolingDataSource<PoolableConnection> dataSource;
    private final CoreFixture core;
    private final Actor admin = Actor.system();
    private final List<Connection> held = new ArrayList<>();

    /** The pool as pax-jdbc's dbcp2 pooling makes it for the distribution: small, with a short wait, first come first served. */
    ConnectionWaitTest() {
        PoolableConnectionFactory connections = new PoolableConnectionFactory(new DataSourceConnectionFactory(CoreFixture.memoryDataSource()), null);
        GenericObjectPoolConfig<PoolableConnection> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(CONNECTIONS);
        config.setMaxWait(Duration.ofMillis(200));
        config.setFairness(true);
        pool = new GenericObjectPool<>(connections, config);
        connections.setPool(pool);
        dataSource = new PoolingDataSource<>(pool);
        core = new CoreFixture(dataSource);
    }

    /** Takes every connection of the pool, as calls in flight would. */
    private void exhaustThePool() throws Exception {
        while (held.size() < CONNECTIONS) {
            held.add(dataSource.getConnection());
        }
    }

    private void releaseThePool() throws Exception {
        for (Connection c : held) {
            c.close();
        }
        held.clear();
    }

    @AfterEach
    void close() throws Exception {
        releaseThePool();
        dataSource.close();
    }

    @Test
    void aCallThatGetsNoConnectionInTimeIsRefusedAsBusyAndWritesNothing() throws Exception {
        assertTrue(core.users.authenticateToken("rpt_x.y").isEmpty()); // JPA connects once, as it does when the server starts
        exhaustThePool();

        BusyException refused = assertThrows(BusyException.class, () -> core.records.create(admin, "contact", Map.of("lastName", "Late")));
        assertTrue(refused.getRetryAfterSeconds() > 0);
        assertThrows(BusyException.class, () -> core.records.count(admin, "contact", null), "reads too");
        assertThrows(BusyException.class, () -> core.users.authenticateToken("rpt_x.y"), "the platform's own tables too");

        releaseThePool();
        assertEquals(0, core.records.count(admin, "contact", FilterExpression.parse("lastName eq 'Late'")));
        core.records.create(admin, "contact", Map.of("lastName", "Late"));
        assertEquals(1, core.records.count(admin, "contact", FilterExpression.parse("lastName eq 'Late'")));
    }

    @Test
    void aTransactionTheDatabaseUndidBecauseItMetOthersIsAnsweredBusyNotAsAnError() {
        java.sql.SQLException lockTimeout = new java.sql.SQLException("A lock could not be obtained within the time requested", "40XL1");
        java.sql.BatchUpdateException wrapped = new java.sql.BatchUpdateException("batch", "XJ208", 0, new long[0], lockTimeout);
        assertTrue(org.rapportcrm.platform.core.internal.db.ConnectionWait.timedOut(wrapped).isPresent(), "Derby's lock time-out");
        assertTrue(org.rapportcrm.platform.core.internal.db.ConnectionWait.timedOut(new java.sql.SQLException("deadlock", "40P01")).isPresent(),
                "PostgreSQL's deadlock");
        assertTrue(org.rapportcrm.platform.core.internal.db.ConnectionWait.timedOut(new java.sql.SQLException("duplicate key", "23505")).isEmpty(),
                "a broken rule is no reason to try again");
    }

    @Test
    void anImportWaitsForAConnectionInsteadOfFailing() throws Exception {
        ClusterScheduler scheduler = new ClusterScheduler(core.database, SchedulerTest.config("node", 1));
        ImportServiceImpl imports = new ImportServiceImpl(core.records, core.metadata, core.users, core.database, scheduler,
                ImportServiceTest.config(1));
        imports.addFormat(new CsvFormat());
        scheduler.addHandler(imports);
        ImportServiceTest.invoke(ClusterScheduler.class, scheduler, "start");
        try {
            Actor rep = core.user("rep", Set.of("sales"), Set.of());
            StringBuilder csv = new StringBuilder("lastName\n");
            for (int i = 0; i < ROWS; i++) {
                csv.append("Patient").append(i).append('\n');
            }
            // A row per transaction: the pool is taken while the job is still writing.
            Job job = imports.startImport(rep, "contact", "text/csv", new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
            CoreFixture.await("the import runs", () -> imports.job(rep, job.id()).orElseThrow().processed() > 0);
            exhaustThePool();

            CoreFixture.await("the import asks for a connection", () -> pool.getNumWaiters() > 0);
            CoreFixture.await("its wait ends without one", () -> pool.getNumWaiters() == 0);
            releaseThePool();

            CoreFixture.await("the import finishes", () -> imports.job(rep, job.id()).orElseThrow().status().isFinished());
            assertEquals(Job.Status.COMPLETED, imports.job(rep, job.id()).orElseThrow().status());
            assertEquals(ROWS, core.records.count(admin, "contact", FilterExpression.parse("lastName sw 'Patient'")));
        } finally {
            releaseThePool();
            ImportServiceTest.invoke(ImportServiceImpl.class, imports, "deactivate");
            ImportServiceTest.invoke(ClusterScheduler.class, scheduler, "stop");
        }
    }
}
