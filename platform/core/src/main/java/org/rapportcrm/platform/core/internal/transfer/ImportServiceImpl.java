package org.rapportcrm.platform.core.internal.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.platform.api.transfer.MalformedRowException;
import org.rapportcrm.platform.api.transfer.RecordFormat;
import org.rapportcrm.platform.api.transfer.RowReader;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.metadata.MetadataRegistry;
import org.rapportcrm.platform.core.internal.record.RecordServiceImpl;
import org.rapportcrm.platform.core.internal.security.AccessPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs imports as jobs: the upload is stored in the work folder first (bounded by disk, not memory), then read row by
 * row and written in batches through the record service, each batch committing together with the job's progress and
 * refused rows. Jobs left unfinished by a stop or a crash go on at start-up after their last committed row.
 */
@Component(service = ImportService.class, configurationPid = ImportServiceImpl.PID)
@Designate(ocd = ImportServiceImpl.Config.class)
public class ImportServiceImpl implements ImportService {
    public static final String PID = "org.rapportcrm.import";
    private static final Logger LOG = LoggerFactory.getLogger(ImportServiceImpl.class);
    static final String KIND = "import";

    @ObjectClassDefinition(name = "Rapport imports")
    public @interface Config {
        @AttributeDefinition(description = "Rows written per transaction")
        int batchSize() default 1000;

        @AttributeDefinition(description = "Refused rows kept per job (all are counted)")
        int maxStoredErrors() default 10_000;

        @AttributeDefinition(description = "Folder for uploads being imported; empty for <karaf.data>/rapport/imports")
        String workFolder() default "";
    }

    private final RecordServiceImpl records;
    private final MetadataRegistry metadata;
    private final UserService users;
    private final Database database;
    private final Config config;
    private final Path workFolder;
    private final JobStore jobs = new JobStore();
    private final AccessPolicy policy = new AccessPolicy();
    private final Map<String, RecordFormat> formats = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "rapport-import"));
    private volatile boolean stopping;

    @Activate
    public ImportServiceImpl(@Reference RecordServiceImpl records, @Reference MetadataRegistry metadata, @Reference UserService users,
            @Reference Database database, Config config) throws IOException {
        this.records = records;
        this.metadata = metadata;
        this.users = users;
        this.database = database;
        this.config = config;
        this.workFolder = config.workFolder().isEmpty()
                ? Path.of(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "rapport", "imports")
                : Path.of(config.workFolder());
        Files.createDirectories(workFolder);
        for (JobStore.JobRow unfinished : database.read(jobs::unfinished)) {
            LOG.info("Import {} of {} was left {} after {} rows: resuming", unfinished.job().id(), unfinished.job().recordType(),
                    unfinished.job().status(), unfinished.job().processed());
            runner.execute(() -> run(unfinished.job().id()));
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
        stopping = true; // the running job commits its batch and stops; the next start resumes it
        runner.shutdown();
        if (!runner.awaitTermination(60, TimeUnit.SECONDS)) {
            runner.shutdownNow();
        }
    }

    @Override
    public Job startImport(Actor actor, String recordType, String mediaType, InputStream data) throws IOException {
        metadata.requireType(recordType);
        policy.checkCreate(actor, recordType);
        String base = mediaType == null ? "" : baseType(mediaType);
        if (!formats.containsKey(base)) {
            throw new UnsupportedFormatException("Cannot import '" + mediaType + "'; send one of " + mediaTypes());
        }
        String id = UUID.randomUUID().toString();
        Path input = workFolder.resolve(id + ".upload");
        Job job = new Job(id, KIND, recordType, Job.Status.QUEUED, 0, 0, 0, actor.userId(), Instant.now(), null, null, null);
        try {
            Files.copy(data, input, StandardCopyOption.REPLACE_EXISTING);
            database.inTransaction(c -> {
                jobs.insert(c, job, base, input.toString());
                return null;
            });
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(input); // an upload cut short (too large, say) leaves nothing behind
            throw e;
        }
        // Inside a caller's transaction the job is not visible to the runner before that commits.
        database.afterCommit(() -> runner.execute(() -> run(id)));
        return job;
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

    private void run(String jobId) {
        JobStore.JobRow row = database.read(c -> jobs.find(c, jobId)).orElse(null);
        if (row == null || row.job().status().isFinished()) {
            return;
        }
        Job job = row.job();
        try {
            setStatus(jobId, Job.Status.RUNNING, null);
            Actor actor = actorOf(job.actorId());
            RecordType type = metadata.requireType(job.recordType());
            RecordFormat format = awaitFormat(row.mediaType());
            boolean done = importRows(job, actor, type, format, Path.of(row.inputPath()));
            if (done) {
                setStatus(jobId, Job.Status.COMPLETED, null);
                Files.deleteIfExists(Path.of(row.inputPath()));
            } else {
                setStatus(jobId, Job.Status.INTERRUPTED, "Stopped with the server; goes on at the next start");
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Import {} failed: {}", jobId, e.getMessage(), e);
            setStatus(jobId, Job.Status.FAILED, e.getMessage());
            try {
                Files.deleteIfExists(Path.of(row.inputPath()));
            } catch (IOException ignored) {
                // the file is in the work folder; nothing depends on it any more
            }
        }
    }

    /** @return true when every row was read, false when the server is stopping */
    private boolean importRows(Job job, Actor actor, RecordType type, RecordFormat format, Path input) throws IOException {
        long rowNumber = 0;
        long storedErrors = Math.min(job.failed(), config.maxStoredErrors());
        Batch batch = new Batch();
        try (InputStream in = java.nio.file.Files.newInputStream(input); RowReader reader = format.open(in, type)) {
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
                    if (stopping) {
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

    /**
     * A job resumed at start-up may run before the formats (other components) are bound: give them a moment rather
     * than failing a job that only has to wait.
     */
    private RecordFormat awaitFormat(String mediaType) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        RecordFormat format;
        while ((format = formats.get(mediaType)) == null && System.nanoTime() < deadline && !stopping) {
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (format == null) {
            throw new IOException("No format reads " + mediaType);
        }
        return format;
    }

    private Actor actorOf(String userId) {
        User u = users.user(Actor.system(), userId).orElseThrow(() -> new IllegalStateException("The user who started the import is gone"));
        return Actor.user(u.id(), u.userName(), u.roles(), u.teamIds());
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
