package org.rapportcrm.platform.core.internal.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.job.ImportService;
import org.rapportcrm.platform.api.job.Job;
import org.rapportcrm.platform.api.job.RowError;
import org.rapportcrm.platform.api.job.UnsupportedFormatException;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.record.BusyException;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.platform.api.transfer.MalformedRowException;
import org.rapportcrm.platform.api.transfer.RecordFormat;
import org.rapportcrm.platform.api.transfer.RowReader;
import org.rapportcrm.platform.core.internal.db.ChunkStore;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.metadata.MetadataRegistry;
import org.rapportcrm.platform.core.internal.record.RecordServiceImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs imports as jobs on the clustered scheduler: the upload is stored in the database first (bounded by disk, not
 * memory, and readable by every node), then read row by row and written in batches through the record service, each
 * batch committing together with the job's progress and refused rows. A job whose node stops or dies goes on after
 * its last committed row, on another node or after the restart.
 */
@Component(service = {ImportService.class, ScheduledTaskHandler.class}, configurationPid = ImportServiceImpl.PID)
@Designate(ocd = ImportServiceImpl.Config.class)
public class ImportServiceImpl implements ImportService, ScheduledTaskHandler {
    public static final String PID = "org.rapportcrm.import";
    /** The scheduler's handler name; a job's task instance id is the job's id. */
    public static final String HANDLER = "rapport.import";
    private static final Logger LOG = LoggerFactory.getLogger(ImportServiceImpl.class);
    static final String KIND = "import";
    /** How long a job waits for its format (another component) before it fails. */
    private static final Duration FORMAT_WAIT = Duration.ofSeconds(30);
    private static final String WAITING_FOR_FORMAT_SINCE = "waitingForFormatSince";

    @ObjectClassDefinition(name = "Rapport imports")
    public @interface Config {
        @AttributeDefinition(description = "Rows written per transaction")
        int batchSize() default 1000;

        @AttributeDefinition(description = "Refused rows kept per job (all are counted)")
        int maxStoredErrors() default 10_000;
    }

    private final RecordServiceImpl records;
    private final MetadataRegistry metadata;
    private final UserService users;
    private final Database database;
    private final TaskScheduler scheduler;
    private final Config config;
    private final JobStore jobs = new JobStore();
    private final ChunkStore uploads;
    private final Map<String, RecordFormat> formats = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    /** Runs hold it shared; a stop takes it whole, so no batch is half-way when the record service goes. */
    private final ReadWriteLock runs = new ReentrantReadWriteLock();

    @Activate
    public ImportServiceImpl(@Reference RecordServiceImpl records, @Reference MetadataRegistry metadata, @Reference UserService users,
            @Reference Database database, @Reference TaskScheduler scheduler, Config config) {
        this.records = records;
        this.metadata = metadata;
        this.users = users;
        this.database = database;
        this.scheduler = scheduler;
        this.config = config;
        this.uploads = new ChunkStore(database, "rapport_job_upload", "job_id");
        // Jobs from before imports ran on the scheduler have no task yet; for the others this changes nothing.
        for (JobStore.JobRow unfinished : database.read(jobs::unfinished)) {
            scheduler.scheduleIfAbsent(HANDLER, unfinished.job().id(), Instant.now(), Map.of());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void addFormat(RecordFormat format) {
        formats.put(baseType(format.mediaType()), format);
    }

    public void removeFormat(RecordFormat format) {
        formats.remove(baseType(format.mediaType()), format);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stopping = true; // a running job commits its batch and hands over; another node or the next start resumes it
        if (!runs.writeLock().tryLock(60, TimeUnit.SECONDS)) {
            LOG.warn("An import is still writing its batch after 60 s; stopping anyway (it resumes after its last committed batch)");
        }
    }

    @Override
    public Job startImport(Actor actor, String recordType, String mediaType, InputStream data) throws IOException {
        metadata.requireType(recordType);
        records.checkMayImport(actor, recordType);
        String base = mediaType == null ? "" : baseType(mediaType);
        if (!formats.containsKey(base)) {
            throw new UnsupportedFormatException("Cannot import '" + mediaType + "'; send one of " + mediaTypes());
        }
        String id = UUID.randomUUID().toString();
        Job job = new Job(id, KIND, recordType, Job.Status.QUEUED, 0, 0, 0, actor.userId(), Instant.now(), null, null, null);
        try {
            // The upload, the job and its task: all committed, or nothing (an upload cut short, too large say, leaves
            // no trace). Inside a caller's transaction they commit with it, and the task is only seen after that.
            database.inTransaction(c -> {
                uploads.write(c, id, data);
                jobs.insert(c, job, base, null);
                scheduler.schedule(HANDLER, id, Instant.now(), Map.of());
                return null;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return job;
    }

    @Override
    public String name() {
        return HANDLER;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        if (!runs.readLock().tryLock()) {
            return TaskOutcome.runAgainAt(Instant.now()); // stopping: another node or the next start takes it
        }
        try {
            return stopping ? TaskOutcome.runAgainAt(Instant.now()) : run(run.instanceId(), run);
        } catch (BusyException e) {
            // No connection came in time, so the batch was not written: the job goes on from its last batch when the
            // platform has room again, as background work should, instead of failing.
            LOG.debug("Import {} waits for a database connection: {}", run.instanceId(), e.getMessage());
            return TaskOutcome.runAgainAt(Instant.now().plusSeconds(e.getRetryAfterSeconds()));
        } finally {
            runs.readLock().unlock();
        }
    }

    @Override
    public Optional<Job> job(Actor actor, String jobId) {
        return database.read(c -> jobs.find(c, jobId)).map(JobStore.JobRow::job)
                .filter(j -> actor.isAdmin() || j.actorId().equals(actor.userId()));
    }

    @Override
    public List<RowError> errors(Actor actor, String jobId, int offset, int limit) {
        job(actor, jobId).orElseThrow(() -> new RecordNotFoundException("job", jobId));
        return database.read(c -> jobs.errors(c, jobId, offset, limit));
    }

    @Override
    public List<String> mediaTypes() {
        return formats.keySet().stream().sorted().toList();
    }

    private TaskOutcome run(String jobId, TaskRun run) {
        JobStore.JobRow row = database.read(c -> jobs.find(c, jobId)).orElse(null);
        if (row == null || row.job().status().isFinished()) {
            return TaskOutcome.done();
        }
        Job job = row.job();
        RecordFormat format = formats.get(row.mediaType());
        if (format == null) {
            // A job resumed at start-up may run before the formats (other components) are bound: give them a moment.
            Object since = run.data().get(WAITING_FOR_FORMAT_SINCE);
            Instant waitingSince = since == null ? Instant.now() : Instant.ofEpochMilli(((Number) since).longValue());
            if (waitingSince.plus(FORMAT_WAIT).isAfter(Instant.now())) {
                return TaskOutcome.runAgainAt(Instant.now().plusSeconds(1), Map.of(WAITING_FOR_FORMAT_SINCE, waitingSince.toEpochMilli()));
            }
            finish(row, Job.Status.FAILED, "No format reads " + row.mediaType());
            return TaskOutcome.done();
        }
        try {
            setStatus(jobId, Job.Status.RUNNING, null);
            Actor actor = actorOf(job.actorId());
            RecordType type = metadata.requireType(job.recordType());
            boolean done = importRows(job, actor, type, format, row, run);
            if (done) {
                finish(row, Job.Status.COMPLETED, null);
                return TaskOutcome.done();
            }
            setStatus(jobId, Job.Status.INTERRUPTED, "Stopped with its server; goes on on another node or at the next start");
            return TaskOutcome.runAgainAt(Instant.now());
        } catch (BusyException e) {
            throw e; // not a failure of the job: see run(TaskRun)
        } catch (IOException | RuntimeException e) {
            LOG.warn("Import {} failed: {}", jobId, e.getMessage(), e);
            finish(row, Job.Status.FAILED, e.getMessage());
            return TaskOutcome.done();
        }
    }

    /** Ends the job and drops its upload in one transaction. */
    private void finish(JobStore.JobRow row, Job.Status status, String message) {
        database.inTransaction(c -> {
            jobs.status(c, row.job().id(), status, message);
            uploads.delete(c, row.job().id());
            return null;
        });
        if (row.inputPath() != null) {
            try {
                Files.deleteIfExists(Path.of(row.inputPath()));
            } catch (IOException e) {
                LOG.warn("Could not delete the imported file {}: {}", row.inputPath(), e.getMessage());
            }
        }
    }

    /** Jobs queued before uploads went into the database still read their file in the work folder. */
    private InputStream input(JobStore.JobRow row) throws IOException {
        return row.inputPath() != null ? Files.newInputStream(Path.of(row.inputPath())) : uploads.read(row.job().id());
    }

    /** @return true when every row was read, false when the server is stopping */
    private boolean importRows(Job job, Actor actor, RecordType type, RecordFormat format, JobStore.JobRow row, TaskRun run) throws IOException {
        long rowNumber = 0;
        long storedErrors = Math.min(job.failed(), config.maxStoredErrors());
        Batch batch = new Batch();
        try (InputStream in = input(row); RowReader reader = format.open(in, type)) {
            while (true) {
                Map<String, Object> values;
                try {
                    values = reader.next();
                } catch (MalformedRowException e) {
                    rowNumber++;
                    if (rowNumber > job.processed()) {
                        batch.malformed.add(new RowError(rowNumber, null, "Row " + rowNumber + " " + e.getMessage()));
                    }
                    continue;
                }
                if (values == null) {
                    break;
                }
                rowNumber++;
                if (rowNumber <= job.processed()) {
                    continue; // committed before the interruption
                }
                // What an export adds (id, times) describes the old record, not the new one.
                values.keySet().removeIf(k -> SystemFields.isSystem(k) && !SystemFields.WRITABLE.contains(k));
                batch.rows.add(values);
                batch.rowNumbers.add(rowNumber);
                if (batch.size() >= config.batchSize()) {
                    storedErrors = write(job, actor, type, batch, storedErrors);
                    batch = new Batch();
                    if (stopping || run.stopRequested()) {
                        return false;
                    }
                }
            }
        }
        if (batch.size() > 0) {
            write(job, actor, type, batch, storedErrors);
        }
        return true;
    }

    private long write(Job job, Actor actor, RecordType type, Batch batch, long storedErrors) {
        long[] stored = {storedErrors};
        records.createAll(actor, type.getApiName(), batch.rows, (c, result) -> {
            List<RowError> errors = new ArrayList<>(batch.malformed);
            result.failures().forEach((index, fieldErrors) -> {
                for (FieldError e : fieldErrors) {
                    errors.add(new RowError(batch.rowNumbers.get(index), e.field(), e.message()));
                }
            });
            errors.sort((a, b) -> Long.compare(a.row(), b.row()));
            List<RowError> kept = errors.subList(0, (int) Math.max(0, Math.min(errors.size(), config.maxStoredErrors() - stored[0])));
            jobs.addErrors(c, job.id(), kept);
            stored[0] += kept.size();
            jobs.progress(c, job.id(), batch.size(), result.created().size(), result.failures().size() + batch.malformed.size());
        });
        return stored[0];
    }

    private Actor actorOf(String userId) {
        User u = users.user(Actor.system(), userId).orElseThrow(() -> new IllegalStateException("The user who started the import is gone"));
        return Actor.of(u);
    }

    private void setStatus(String jobId, Job.Status status, String message) {
        database.inTransaction(c -> {
            jobs.status(c, jobId, status, message);
            return null;
        });
    }

    private static String baseType(String mediaType) {
        int semicolon = mediaType.indexOf(';');
        return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** Rows read since the last commit: the well-formed ones to write and the malformed ones to report. */
    private static final class Batch {
        final List<Map<String, Object>> rows = new ArrayList<>();
        final List<Long> rowNumbers = new ArrayList<>();
        final List<RowError> malformed = new ArrayList<>();

        int size() {
            return rows.size() + malformed.size();
        }
    }
}
