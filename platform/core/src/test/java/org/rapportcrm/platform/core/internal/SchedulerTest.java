package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.schedule.Recurrence;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskRunningException;
import org.rapportcrm.platform.api.schedule.TaskStatus;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.record.IdempotencyExpiry;
import org.rapportcrm.platform.core.internal.record.IdempotentRequestStore;
import org.rapportcrm.platform.core.internal.schedule.ClusterScheduler;

/** The clustered scheduler as capabilities rely on it, on each database Rapport runs on. */
abstract class SchedulerTest {
    abstract DataSource dataSource();

    @AutoClose
    private final CoreFixture core = new CoreFixture(dataSource());
    private final List<ClusterScheduler> started = new ArrayList<>();
    private final ClusterScheduler scheduler = start(core.database, "node-a", 1);

    ClusterScheduler start(Database database, String node, int heartbeatSeconds) {
        ClusterScheduler s = new ClusterScheduler(database, config(node, heartbeatSeconds));
        invoke(s, "start");
        started.add(s);
        return s;
    }

    @AfterEach
    void stopSchedulers() {
        started.forEach(s -> invoke(s, "stop"));
    }

    /** Records every run it gets and answers with {@code outcome}. */
    static final class Recorder implements ScheduledTaskHandler {
        final String name;
        final List<TaskRun> runs = new CopyOnWriteArrayList<>();
        final List<Instant> startedAt = new CopyOnWriteArrayList<>();
        final Function<TaskRun, TaskOutcome> outcome;

        Recorder(String name, Function<TaskRun, TaskOutcome> outcome) {
            this.name = name;
            this.outcome = outcome;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public TaskOutcome run(TaskRun run) {
            startedAt.add(Instant.now());
            runs.add(run);
            return outcome.apply(run);
        }
    }

    @Test
    void aTaskRunsOnceAtItsTimeWithItsData() {
        Recorder handler = new Recorder("test.remind", run -> TaskOutcome.done());
        scheduler.addHandler(handler);
        Instant due = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS);

        scheduler.schedule("test.remind", "case-1", due, Map.of("caseId", "case-1", "level", 2, "tags", List.of("vip")));
        assertEquals(TaskStatus.State.WAITING, scheduler.status("test.remind", "case-1").orElseThrow().state());

        CoreFixture.await("the task ran", () -> scheduler.status("test.remind", "case-1").isEmpty());
        assertEquals(1, handler.runs.size());
        TaskRun run = handler.runs.get(0);
        assertEquals(Map.of("caseId", "case-1", "level", 2, "tags", List.of("vip")), run.data());
        assertEquals(List.of("case-1", 1, due), List.of(run.instanceId(), run.attempt(), run.dueTime()));
        assertFalse(handler.startedAt.get(0).isBefore(due), "not before it was due");
    }

    @Test
    void schedulingTheSameInstanceAgainReplacesItAndIfAbsentKeepsIt() {
        Recorder handler = new Recorder("test.sla", run -> TaskOutcome.done());
        scheduler.addHandler(handler);
        Instant nextWeek = Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.MILLIS);

        scheduler.schedule("test.sla", "case-2", Instant.now().plus(Duration.ofDays(1)), Map.of("priority", "low"));
        scheduler.schedule("test.sla", "case-2", nextWeek, Map.of("priority", "high"));
        assertFalse(scheduler.scheduleIfAbsent("test.sla", "case-2", Instant.now(), Map.of("priority", "none")));
        assertEquals(nextWeek, scheduler.status("test.sla", "case-2").orElseThrow().due());

        assertTrue(scheduler.reschedule("test.sla", "case-2", Instant.now()));
        CoreFixture.await("the task ran", () -> scheduler.status("test.sla", "case-2").isEmpty());
        assertEquals(List.of(Map.of("priority", "high")), handler.runs.stream().map(TaskRun::data).toList());
        assertTrue(scheduler.scheduleIfAbsent("test.sla", "case-2", nextWeek, Map.of()), "gone once done, so it can be scheduled anew");
    }

    @Test
    void aCancelledTaskNeverRuns() {
        Recorder handler = new Recorder("test.cancel", run -> TaskOutcome.done());
        scheduler.addHandler(handler);
        scheduler.schedule("test.cancel", "x", Instant.now().plusSeconds(2), Map.of());

        assertTrue(scheduler.cancel("test.cancel", "x"));
        assertFalse(scheduler.cancel("test.cancel", "x"), "nothing left to cancel");
        assertFalse(scheduler.reschedule("test.cancel", "x", Instant.now()), "nothing left to move");
        assertEquals(Optional.empty(), scheduler.status("test.cancel", "x"));

        // A task scheduled after it runs and shows the scheduler went past the cancelled one's time.
        scheduler.schedule("test.cancel", "y", Instant.now().plusSeconds(3), Map.of());
        CoreFixture.await("the later task ran", () -> handler.runs.size() == 1);
        assertEquals("y", handler.runs.get(0).instanceId());
    }

    @Test
    void schedulingJoinsTheRecordTransactionSoARollbackLeavesNoTask() {
        Recorder handler = new Recorder("test.tx", run -> TaskOutcome.done());
        scheduler.addHandler(handler);

        assertThrows(IllegalStateException.class, () -> core.records.inTransaction(() -> {
            core.records.create(Actor.system(), "account", Map.of("name", "Rolled back"));
            scheduler.schedule("test.tx", "rolled-back", Instant.now(), Map.of());
            throw new IllegalStateException("the business step fails");
        }));
        Record kept = core.records.inTransaction(() -> {
            Record account = core.records.create(Actor.system(), "account", Map.of("name", "Committed"));
            scheduler.schedule("test.tx", "committed", Instant.now(), Map.of("account", account.getId()));
            return account;
        });

        CoreFixture.await("the committed task ran", () -> handler.runs.size() == 1);
        assertEquals(Map.of("account", kept.getId()), handler.runs.get(0).data());
        assertEquals(Optional.empty(), scheduler.status("test.tx", "rolled-back"));
    }

    @Test
    void requestsForTheCommitAreWrittenTogetherWhenItCommitsTheLastOneOfAnInstanceCounting() {
        Recorder handler = new Recorder("test.bulk", run -> TaskOutcome.done());
        scheduler.addHandler(handler);
        Instant nextWeek = Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.MILLIS);
        scheduler.schedule("test.bulk", "moved", nextWeek, Map.of("v", 1));
        scheduler.schedule("test.bulk", "cancelled", nextWeek, Map.of());
        int many = 1_200; // more than one statement's worth

        core.records.inTransaction(() -> {
            for (int i = 0; i < many; i++) {
                scheduler.scheduleAtCommit("test.bulk", "case-" + i, nextWeek.plusSeconds(i), Map.of("i", i));
            }
            scheduler.scheduleAtCommit("test.bulk", "moved", nextWeek.plusSeconds(60), Map.of("v", 2));
            scheduler.cancelAtCommit("test.bulk", "cancelled");
            scheduler.cancelAtCommit("test.bulk", "never-scheduled");
            scheduler.scheduleAtCommit("test.bulk", "changed-its-mind", nextWeek, Map.of());
            scheduler.cancelAtCommit("test.bulk", "changed-its-mind");
            scheduler.scheduleAtCommit("test.bulk", "due-now", Instant.now(), Map.of("now", true));
            assertEquals(Optional.empty(), scheduler.status("test.bulk", "case-0"), "written at the commit");
            return null;
        });

        assertEquals(nextWeek.plusSeconds(many - 1), scheduler.status("test.bulk", "case-" + (many - 1)).orElseThrow().due());
        assertEquals(nextWeek.plusSeconds(60), scheduler.status("test.bulk", "moved").orElseThrow().due());
        assertEquals(Optional.empty(), scheduler.status("test.bulk", "cancelled"));
        assertEquals(Optional.empty(), scheduler.status("test.bulk", "changed-its-mind"));
        CoreFixture.await("the task due now ran", () -> handler.runs.size() == 1);
        assertEquals(Map.of("now", true), handler.runs.get(0).data());

        scheduler.reschedule("test.bulk", "moved", Instant.now());
        CoreFixture.await("the moved task ran with its new data", () -> handler.runs.size() == 2);
        assertEquals(Map.of("v", 2), handler.runs.get(1).data());
    }

    @Test
    void requestsForTheCommitOfATransactionRolledBackLeaveNothingAndAFailedInstanceScheduledAgainStartsAfresh() {
        scheduler.addHandler(new Recorder("test.bulk-failed", run -> TaskOutcome.failed("no such contact")));
        scheduler.schedule("test.bulk-failed", "f", Instant.now(), Map.of());
        CoreFixture.await("kept as failed", () -> scheduler.status("test.bulk-failed", "f").map(s -> s.state() == TaskStatus.State.FAILED).orElse(false));

        assertThrows(IllegalStateException.class, () -> core.records.inTransaction(() -> {
            scheduler.scheduleAtCommit("test.bulk-failed", "rolled-back", Instant.now(), Map.of());
            scheduler.scheduleAtCommit("test.bulk-failed", "f", Instant.now().plus(Duration.ofDays(1)), Map.of());
            throw new IllegalStateException("the import's batch fails");
        }));
        assertEquals(Optional.empty(), scheduler.status("test.bulk-failed", "rolled-back"));
        assertEquals(TaskStatus.State.FAILED, scheduler.status("test.bulk-failed", "f").orElseThrow().state());

        core.records.inTransaction(() -> {
            scheduler.scheduleAtCommit("test.bulk-failed", "f", Instant.now().plus(Duration.ofDays(1)), Map.of());
            return null;
        });
        TaskStatus again = scheduler.status("test.bulk-failed", "f").orElseThrow();
        assertEquals(List.of(TaskStatus.State.WAITING, 0), List.of(again.state(), again.failures()));
        assertThrows(IllegalArgumentException.class, () -> core.records.inTransaction(() -> {
            scheduler.scheduleAtCommit("has space", "x", Instant.now(), Map.of());
            return null;
        }), "a bad name is refused at the call, not at the commit");
    }

    @Test
    void aTaskWhoseHandlerIsMissingWaitsAndRunsOnceTheHandlerAppears() {
        scheduler.schedule("test.later", "job-1", Instant.now(), Map.of("n", 1));
        CoreFixture.await("the task found no handler and waits", () -> scheduler.status("test.later", "job-1")
                .map(s -> s.state() == TaskStatus.State.WAITING && s.due().isAfter(Instant.now())).orElse(false));

        Recorder handler = new Recorder("test.later", run -> TaskOutcome.done());
        scheduler.addHandler(handler);
        CoreFixture.await("the task ran", () -> handler.runs.size() == 1);
        assertEquals(Map.of("n", 1), handler.runs.get(0).data());
        assertEquals(1, handler.runs.get(0).attempt(), "waiting for a handler is no failed attempt");
    }

    @Test
    void aFailingTaskIsRetriedWithBackOffThenKeptAsFailed() {
        Recorder handler = new Recorder("test.flaky", run -> {
            throw new IllegalStateException("mail server down (attempt " + run.attempt() + ")");
        });
        scheduler.addHandler(handler);
        scheduler.schedule("test.flaky", "send-1", Instant.now(), Map.of("to", "ada@example.com"));

        CoreFixture.await("the task is kept as failed", () -> scheduler.status("test.flaky", "send-1")
                .map(s -> s.state() == TaskStatus.State.FAILED).orElse(false));
        TaskStatus failed = scheduler.status("test.flaky", "send-1").orElseThrow();
        assertEquals(3, failed.failures());
        assertEquals("mail server down (attempt 3)", failed.lastError());
        assertEquals(List.of(1, 2, 3), handler.runs.stream().map(TaskRun::attempt).toList());
        assertTrue(handler.startedAt.get(2).isAfter(handler.startedAt.get(1).plusMillis(1500)), "the second retry waited twice the first delay");
        assertFalse(scheduler.scheduleIfAbsent("test.flaky", "send-1", Instant.now(), Map.of()), "a failed task stays until dealt with");

        scheduler.schedule("test.flaky", "send-1", Instant.now().plus(Duration.ofDays(1)), Map.of());
        TaskStatus again = scheduler.status("test.flaky", "send-1").orElseThrow();
        assertEquals(List.of(TaskStatus.State.WAITING, 0), List.of(again.state(), again.failures()), "scheduled anew, it starts afresh");
    }

    @Test
    void aHandlerCanGiveUpAtOnce() {
        scheduler.addHandler(new Recorder("test.hopeless", run -> TaskOutcome.failed("the contact was deleted")));
        scheduler.schedule("test.hopeless", "c-9", Instant.now(), Map.of());
        CoreFixture.await("the task is kept as failed", () -> scheduler.status("test.hopeless", "c-9")
                .map(s -> s.state() == TaskStatus.State.FAILED).orElse(false));
        assertEquals("the contact was deleted", scheduler.status("test.hopeless", "c-9").orElseThrow().lastError());
        assertTrue(scheduler.cancel("test.hopeless", "c-9"), "a failed task can be cancelled");
        assertEquals(Optional.empty(), scheduler.status("test.hopeless", "c-9"));
    }

    @Test
    void aCheckpointingHandlerResumesFromItsCheckpoint() {
        Recorder handler = new Recorder("test.batches", run -> {
            int done = ((Number) run.data().getOrDefault("batchesDone", 0)).intValue();
            return done < 3 ? TaskOutcome.runAgainAt(Instant.now(), Map.of("batchesDone", done + 1)) : TaskOutcome.done();
        });
        scheduler.addHandler(handler);
        scheduler.schedule("test.batches", "send-campaign", Instant.now(), Map.of());

        CoreFixture.await("every batch ran", () -> scheduler.status("test.batches", "send-campaign").isEmpty());
        assertEquals(List.of(0, 1, 2, 3), handler.runs.stream().map(r -> ((Number) r.data().getOrDefault("batchesDone", 0)).intValue()).toList());
    }

    /**
     * Handlers registered as services are got lazily, on a scheduler thread; a node with nothing else to run (a fresh
     * installation) must still take them up, or their recurrences and the tasks they schedule when activated never start.
     */
    @Test
    void aHandlerRegisteredAsAServiceIsTakenUpByAnIdleScheduler() throws ReflectiveOperationException {
        AtomicInteger runs = new AtomicInteger();
        ScheduledTaskHandler handler = new ScheduledTaskHandler() {
            @Override
            public String name() {
                return "test.housekeeping";
            }

            @Override
            public TaskOutcome run(TaskRun run) {
                runs.incrementAndGet();
                return TaskOutcome.done();
            }

            @Override
            public Optional<Recurrence> recurrence() {
                return Optional.of(Recurrence.every(Duration.ofSeconds(1)));
            }
        };
        java.lang.reflect.Method add = ClusterScheduler.class.getDeclaredMethod("addHandler", ComponentServiceObjects.class);
        add.setAccessible(true);
        add.invoke(scheduler, new ComponentServiceObjects<ScheduledTaskHandler>() {
            @Override
            public ScheduledTaskHandler getService() {
                return handler;
            }

            @Override
            public void ungetService(ScheduledTaskHandler service) {
            }

            @Override
            public ServiceReference<ScheduledTaskHandler> getServiceReference() {
                throw new UnsupportedOperationException();
            }
        });
        CoreFixture.await("the handler's recurrence ran", () -> runs.get() >= 1);
    }

    @Test
    void aRecurringHandlerRunsOnItsScheduleUnderOneInstance() {
        AtomicInteger runs = new AtomicInteger();
        scheduler.addHandler(new ScheduledTaskHandler() {
            @Override
            public String name() {
                return "test.expire-keys";
            }

            @Override
            public TaskOutcome run(TaskRun run) {
                assertEquals(ClusterScheduler.RECURRING_INSTANCE, run.instanceId());
                runs.incrementAndGet();
                return TaskOutcome.done();
            }

            @Override
            public Optional<Recurrence> recurrence() {
                return Optional.of(Recurrence.every(Duration.ofSeconds(1)));
            }
        });
        CoreFixture.await("it ran twice", () -> runs.get() >= 2);
        assertTrue(scheduler.status("test.expire-keys", ClusterScheduler.RECURRING_INSTANCE).isPresent(), "it goes on");
    }

    @Test
    void idempotencyKeysPastTheirRetentionAreForgottenHourly() {
        core.database.inTransaction(c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_idempotency (user_id, idem_key, request_hash, "
                    + "state, created_at) VALUES ('u', ?, 'h', 'DONE', ?)")) {
                for (Object[] key : new Object[][] {{"old", Instant.now().minus(Duration.ofHours(25))}, {"fresh", Instant.now()}}) {
                    ps.setString(1, (String) key[0]);
                    ps.setTimestamp(2, java.sql.Timestamp.from((Instant) key[1]));
                    ps.executeUpdate();
                }
            }
            return null;
        });
        IdempotencyExpiry expiry = new IdempotencyExpiry(new IdempotentRequestStore(core.database));
        scheduler.addHandler(expiry);
        TaskStatus planned = scheduler.status(expiry.name(), ClusterScheduler.RECURRING_INSTANCE).orElseThrow();
        assertTrue(planned.due().isAfter(Instant.now().plus(Duration.ofMinutes(59))), "first run an hour after it appears");

        expiry.run(TaskRun.of(ClusterScheduler.RECURRING_INSTANCE, Map.of(), 1, Instant.now()));
        assertEquals(List.of("fresh"), core.database.read(c -> {
            List<String> keys = new ArrayList<>();
            try (java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT idem_key FROM rapport_idempotency")) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
            return keys;
        }));
    }

    @Test
    void aRunningTaskCannotBeReplacedOrCancelled() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        scheduler.addHandler(new Recorder("test.long", run -> {
            running.countDown();
            await(release);
            return TaskOutcome.done();
        }));
        scheduler.schedule("test.long", "l", Instant.now(), Map.of());
        assertTrue(running.await(20, TimeUnit.SECONDS));
        try {
            assertEquals(TaskStatus.State.RUNNING, scheduler.status("test.long", "l").orElseThrow().state());
            assertThrows(TaskRunningException.class, () -> scheduler.schedule("test.long", "l", Instant.now(), Map.of()));
            assertThrows(TaskRunningException.class, () -> scheduler.cancel("test.long", "l"));
            core.records.inTransaction(() -> {
                scheduler.scheduleAtCommit("test.long", "l", Instant.now().plus(Duration.ofDays(1)), Map.of());
                scheduler.cancelAtCommit("test.long", "l");
                return null;
            });
            assertEquals(TaskStatus.State.RUNNING, scheduler.status("test.long", "l").orElseThrow().state(),
                    "requests at a commit leave a running instance as it is, and the commit goes through");
        } finally {
            release.countDown();
        }
    }

    @Test
    void badNamesAndDataAreRefusedNamingWhatIsWrong() {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> scheduler.schedule("has space", "x", Instant.now(), Map.of()));
        assertTrue(name.getMessage().startsWith("handler:"), name.getMessage());
        IllegalArgumentException date = assertThrows(IllegalArgumentException.class,
                () -> scheduler.schedule("test.bad", "x", Instant.now(), Map.of("when", Map.of("at", Instant.now()))));
        assertTrue(date.getMessage().startsWith("data.when.at: Instant is not a plain JSON value"), date.getMessage());
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> scheduler.schedule("test.bad", "x", Instant.now(), Map.of("text", "x".repeat(9000))));
        assertTrue(big.getMessage().startsWith("data: 9011 bytes as JSON; at most 8192"), big.getMessage());
    }

    @Test
    void aStoppedSchedulerSaysSo() {
        assertTrue(scheduler.isRunning());
        invoke(scheduler, "stop");
        started.remove(scheduler);
        assertFalse(scheduler.isRunning());
    }

    // Two nodes on one database.

    @Test
    void aThousandTasksDueAtOnceRunExactlyOnceAcrossTwoNodes() {
        ClusterScheduler nodeB = start(new Database(core.dataSource), "node-b", 1);
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> byNode = new ConcurrentHashMap<>();
        for (ClusterScheduler node : List.of(scheduler, nodeB)) {
            String name = node == scheduler ? "node-a" : "node-b";
            node.addHandler(new Recorder("test.burst", run -> {
                runs.computeIfAbsent(run.instanceId(), k -> new AtomicInteger()).incrementAndGet();
                byNode.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                return TaskOutcome.done();
            }));
        }
        Instant due = Instant.now().plusSeconds(4);
        long scheduling = System.nanoTime();
        core.records.inTransaction(() -> {
            for (int i = 0; i < 1000; i++) {
                scheduler.schedule("test.burst", "t-" + i, due, Map.of("i", i));
            }
            return null;
        });
        long scheduledMillis = (System.nanoTime() - scheduling) / 1_000_000;

        CoreFixture.await("every task ran", () -> runs.size() == 1000, 180); // generous: the build machine is shared
        Instant last = Instant.now();
        assertTrue(runs.values().stream().allMatch(n -> n.get() == 1), "each exactly once");
        System.out.printf("[figures] %s: 1,000 tasks scheduled in one transaction in %d ms; all ran %d ms after they were due "
                + "(~%d tasks/s from due time), %s per node%n", getClass().getSimpleName(), scheduledMillis,
                Duration.between(due, last).toMillis(), 1000 * 1000 / Math.max(1, Duration.between(due, last).toMillis()), byNode);
    }

    @Test
    void aTaskHeldByANodeThatDiesIsTakenOverByAnotherFromItsCheckpoint() throws InterruptedException {
        int heartbeat = Integer.getInteger("rapport.test.heartbeatSeconds", 1);
        invoke(scheduler, "stop"); // two nodes only: A and B
        started.remove(scheduler);
        CuttableDataSource nodeAConnection = new CuttableDataSource(core.dataSource);
        ClusterScheduler nodeA = start(new Database(nodeAConnection), "node-a2", heartbeat);
        CountDownLatch runningOnA = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        nodeA.addHandler(new Recorder("test.import", run -> {
            runningOnA.countDown();
            await(release);
            return TaskOutcome.done();
        }));
        nodeA.schedule("test.import", "job-7", Instant.now(), Map.of("committedRows", 2000));
        assertTrue(runningOnA.await(20, TimeUnit.SECONDS));

        nodeAConnection.cut(); // node A is gone: no heartbeat, no clean shutdown
        Instant cut = Instant.now();
        ClusterScheduler nodeB = start(new Database(core.dataSource), "node-b2", heartbeat);
        Recorder onB = new Recorder("test.import", run -> TaskOutcome.done());
        nodeB.addHandler(onB);
        try {
            CoreFixture.await("node B took the task over", () -> onB.runs.size() == 1, 90);
            System.out.printf("[figures] %s: take-over %d ms after node A died (heartbeat %d s x 4 missed)%n", getClass().getSimpleName(),
                    Duration.between(cut, onB.startedAt.get(0)).toMillis(), heartbeat);
            assertEquals(Map.of("committedRows", 2000), onB.runs.get(0).data(), "from the last checkpoint");
        } finally {
            release.countDown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void invoke(ClusterScheduler s, String method) {
        try {
            java.lang.reflect.Method m = ClusterScheduler.class.getDeclaredMethod(method);
            m.setAccessible(true);
            m.invoke(s);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static ClusterScheduler.Config config(String node, int heartbeatSeconds) {
        return new ClusterScheduler.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ClusterScheduler.Config.class;
            }

            @Override
            public int heartbeatSeconds() {
                return heartbeatSeconds;
            }

            @Override
            public int missedHeartbeats() {
                return 4; // db-scheduler's least
            }

            @Override
            public int threads() {
                return 10;
            }

            @Override
            public int pollingIntervalSeconds() {
                return 1;
            }

            @Override
            public int shutdownMaxWaitSeconds() {
                return 2;
            }

            @Override
            public int maxAttempts() {
                return 3;
            }

            @Override
            public int retryDelaySeconds() {
                return 1;
            }

            @Override
            public int missingHandlerMaxWaitSeconds() {
                return 1;
            }

            @Override
            public String nodeName() {
                return node;
            }
        };
    }
}
