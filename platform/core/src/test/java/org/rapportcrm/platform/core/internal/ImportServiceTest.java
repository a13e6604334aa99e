package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapportcrm.platform.api.job.Job;
import org.rapportcrm.platform.api.job.RowError;
import org.rapportcrm.platform.api.job.UnsupportedFormatException;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.transfer.RecordFormat;
import org.rapportcrm.platform.api.transfer.RowReader;
import org.rapportcrm.platform.core.internal.schedule.ClusterScheduler;
import org.rapportcrm.platform.core.internal.transfer.CsvFormat;
import org.rapportcrm.platform.core.internal.transfer.ImportServiceImpl;
import org.rapportcrm.platform.core.internal.transfer.NdjsonFormat;

class ImportServiceTest {
    private final CoreFixture core = new CoreFixture();
    private final Actor alice = core.user("alice", Set.of("sales"), Set.of());
    @TempDir
    Path work;
    private ImportServiceImpl imports;
    private ClusterScheduler scheduler;

    private ImportServiceImpl start() throws Exception {
        scheduler = new ClusterScheduler(core.database, SchedulerTest.config("node", 1));
        ImportServiceImpl service = new ImportServiceImpl(core.records, core.metadata, core.users, core.database, scheduler, config(2));
        service.addFormat(new CsvFormat());
        service.addFormat(new NdjsonFormat());
        scheduler.addHandler(service);
        invoke(ClusterScheduler.class, scheduler, "start");
        return service;
    }

    @AfterEach
    void stop() throws Exception {
        if (imports != null) {
            invoke(ImportServiceImpl.class, imports, "deactivate");
            invoke(ClusterScheduler.class, scheduler, "stop");
        }
    }

    /** Calls a component's DS lifecycle method (activate, deactivate...), as DS would. */
    static void invoke(Class<?> type, Object target, String method) throws Exception {
        java.lang.reflect.Method m = type.getDeclaredMethod(method);
        m.setAccessible(true);
        m.invoke(target);
    }

    private Job importText(String mediaType, String text) throws Exception {
        imports = imports == null ? start() : imports;
        Job job = imports.startImport(alice, "contact", mediaType, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        CoreFixture.await("the import finishes", () -> imports.job(alice, job.id()).orElseThrow().status().isFinished());
        return imports.job(alice, job.id()).orElseThrow();
    }

    @Test
    void badRowsAreReportedByNumberAndEveryGoodRowIsCreated() throws Exception {
        Job job = importText("text/csv; charset=utf-8", """
                firstName,lastName,email
                Ada,Lovelace,ada@example.com
                Grace,,grace@example.com
                Alan,Turing,alan@example.com
                Edsger,Dijkstra,not-an-email
                "Hopper, Grace",Hopper,
                """);

        assertEquals(Job.Status.COMPLETED, job.status());
        assertEquals(List.of(5L, 3L, 2L), List.of(job.processed(), job.created(), job.failed()));
        List<RowError> errors = imports.errors(alice, job.id(), 0, 100);
        assertEquals(List.of(new RowError(2, "lastName", "is required"), new RowError(4, "email", "must be an email address such as name@example.com")), errors);
        assertEquals(List.of("Hopper", "Lovelace", "Turing"), lastNames());
        assertEquals(alice.userId(), core.records.query(alice, Query.of("contact")).items().get(0).getOwner(), "imported as its user");
    }

    @Test
    void ndjsonRowsThatAreNotObjectsAreReportedToo() throws Exception {
        Job job = importText("application/x-ndjson", """
                {"lastName": "One", "birthdate": "1990-01-01"}
                [1, 2]

                {"lastName": "Three", "birthdate": "yesterday"}
                {"lastName": "Four"}
                """);
        assertEquals(List.of(4L, 2L, 2L), List.of(job.processed(), job.created(), job.failed()));
        assertEquals(List.of(2L, 3L), imports.errors(alice, job.id(), 0, 10).stream().map(RowError::row).toList());
    }

    @Test
    void aColumnThatIsNoFieldFailsTheJobBeforeAnyRowIsWritten() throws Exception {
        Job job = importText("text/csv", "lastName,shoeSize\nDoe,42\n");
        assertEquals(Job.Status.FAILED, job.status());
        assertTrue(job.message().contains("Column 'shoeSize' is not a field of contact"), job.message());
        assertEquals(List.of(), lastNames());
    }

    @Test
    void formatsNoReaderKnowsAreRefused() throws Exception {
        imports = start();
        assertThrows(UnsupportedFormatException.class,
                () -> imports.startImport(alice, "contact", "application/pdf", new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void aJobOfAnEarlierVersionLeftRunningByACrashResumesFromItsFileAfterItsLastCommittedRow() throws Exception {
        // As a crash of a version that kept uploads in the work folder leaves it: the first batch (rows 1-2) committed with the progress, the job still RUNNING.
        Path upload = work.resolve("crashed.upload");
        Files.writeString(upload, "lastName\nA\nB\nC\nD\nE\n");
        core.records.create(alice, "contact", Map.of("lastName", "A"));
        core.records.create(alice, "contact", Map.of("lastName", "B"));
        core.database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_job (id, kind, record_type, media_type, status, input_path, "
                    + "processed, created, failed, actor_id, created_at) VALUES ('crashed', 'import', 'contact', 'text/csv', 'RUNNING', ?, 2, 2, 0, ?, ?)")) {
                ps.setString(1, upload.toString());
                ps.setString(2, alice.userId());
                ps.setTimestamp(3, java.sql.Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            return null;
        });

        imports = start(); // the restart
        CoreFixture.await("the interrupted import completes", () -> imports.job(alice, "crashed").orElseThrow().status() == Job.Status.COMPLETED);

        assertEquals(List.of("A", "B", "C", "D", "E"), lastNames());
        Job job = imports.job(alice, "crashed").orElseThrow();
        assertEquals(List.of(5L, 5L, 0L), List.of(job.processed(), job.created(), job.failed()));
        CoreFixture.await("the upload is removed once imported", () -> Files.notExists(upload)); // just after the commit
    }

    @Test
    void aJobHeldByANodeThatDiesIsFinishedByAnotherWithEveryRowOnce() throws Exception {
        // Node A: the platform over a connection the test cuts; its reader stops before row 3, after the first batch.
        CuttableDataSource nodeAConnection = new CuttableDataSource(core.dataSource);
        CoreFixture nodeA = new CoreFixture(nodeAConnection);
        ClusterScheduler schedulerA = new ClusterScheduler(nodeA.database, SchedulerTest.config("node-a", 1));
        ImportServiceImpl importsA = new ImportServiceImpl(nodeA.records, nodeA.metadata, nodeA.users, nodeA.database, schedulerA, config(2));
        java.util.concurrent.CountDownLatch atRow3 = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        importsA.addFormat(new PausingFormat(new CsvFormat(), 3, atRow3, release));
        schedulerA.addHandler(importsA);
        invoke(ClusterScheduler.class, schedulerA, "start");
        try {
            Job job = importsA.startImport(alice, "contact", "text/csv", new ByteArrayInputStream("lastName\nA\nB\nC\nD\nE\n".getBytes(StandardCharsets.UTF_8)));
            assertTrue(atRow3.await(20, java.util.concurrent.TimeUnit.SECONDS));
            nodeAConnection.cut(); // node A dies holding the job

            imports = start(); // node B
            CoreFixture.await("node B finishes the import", () -> imports.job(alice, job.id()).orElseThrow().status() == Job.Status.COMPLETED, 90);
            assertEquals(List.of("A", "B", "C", "D", "E"), lastNames());
            Job done = imports.job(alice, job.id()).orElseThrow();
            assertEquals(List.of(5L, 5L, 0L), List.of(done.processed(), done.created(), done.failed()));
        } finally {
            release.countDown();
            invoke(ClusterScheduler.class, schedulerA, "stop");
        }
    }

    /** A format whose reader waits before a given row: a node busy with a job when it dies. */
    private record PausingFormat(RecordFormat format, long pauseBeforeRow, java.util.concurrent.CountDownLatch paused,
            java.util.concurrent.CountDownLatch release) implements RecordFormat {
        @Override
        public String mediaType() {
            return format.mediaType();
        }

        @Override
        public RowReader open(java.io.InputStream in, org.rapportcrm.platform.api.metadata.RecordType type) throws IOException {
            RowReader reader = format.open(in, type);
            long[] row = {0};
            return new RowReader() {
                @Override
                public Map<String, Object> next() throws IOException {
                    if (++row[0] == pauseBeforeRow) {
                        paused.countDown();
                        try {
                            release.await(60, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return reader.next();
                }

                @Override
                public void close() throws IOException {
                    reader.close();
                }
            };
        }
    }

    @Test
    void otherUsersDoNotSeeSomeonesJob() throws Exception {
        Job job = importText("text/csv", "lastName\nX\n");
        Actor bob = core.user("bob", Set.of("sales"), Set.of());
        assertTrue(imports.job(bob, job.id()).isEmpty());
        assertTrue(imports.job(Actor.system(), job.id()).isPresent(), "administrators see every job");
    }

    private List<String> lastNames() {
        return core.records.query(Actor.system(), Query.of("contact").sortBy("lastName", false).where(FilterExpression.parse("lastName notempty")))
                .items().stream().map(r -> (String) r.get("lastName")).toList();
    }

    static ImportServiceImpl.Config config(int batchSize) {
        return new ImportServiceImpl.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ImportServiceImpl.Config.class;
            }

            @Override
            public int batchSize() {
                return batchSize;
            }

            @Override
            public int maxStoredErrors() {
                return 100;
            }
        };
    }
}
