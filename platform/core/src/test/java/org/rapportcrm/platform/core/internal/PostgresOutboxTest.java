package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;

/** The outbox on PostgreSQL, where readers do not wait for writers: a late commit must not be skipped. */
@EnabledIfEnvironmentVariable(named = PostgresRecordServiceTest.URL_VARIABLE, matches = "jdbc:postgresql:.+")
class PostgresOutboxTest extends OutboxTest {
    @Override
    DataSource dataSource() {
        return PostgresRecordServiceTest.schema();
    }

    /**
     * A transaction takes its entry's sequence number and is slow to commit, while a later one commits at once: the
     * consumer sees the later entry first, yet gets both, the late one first, skipping neither.
     */
    @Test
    void anEntryThatCommitsAfterALaterOneIsNotSkipped() throws Exception {
        Collector all = register(node, "test.all", Set.of("account"));
        CountDownLatch commit = new CountDownLatch(1);
        CountDownLatch written = new CountDownLatch(1);
        CompletableFuture<Record> slow = CompletableFuture.supplyAsync(() -> core.records.inTransaction(() -> {
            Record r = core.records.create(Actor.system(), "account", Map.of("name", "Slow"));
            core.database.beforeCommit(c -> { // after the outbox has written its entry, before the commit
                written.countDown();
                try {
                    return commit.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            return r;
        }));
        written.await(20, TimeUnit.SECONDS);
        Record fast = core.records.create(Actor.system(), "account", Map.of("name", "Fast"));

        CoreFixture.await("the consumer has seen the later entry and waits", () -> node.waitsForACommit("test.all") || !all.entries.isEmpty());
        commit.countDown();
        Record late = slow.get(20, TimeUnit.SECONDS);
        CoreFixture.await("both entries", () -> all.entries.size() >= 2);
        assertEquals(List.of("CREATED " + late.getId(), "CREATED " + fast.getId()), all.ids());
    }
}
