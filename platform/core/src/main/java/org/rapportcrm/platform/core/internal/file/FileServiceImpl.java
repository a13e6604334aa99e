package org.rapportcrm.platform.core.internal.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.file.FileChangeGuard;
import org.rapportcrm.platform.api.file.FileChangeRefusedException;
import org.rapportcrm.platform.api.file.FileContent;
import org.rapportcrm.platform.api.file.FileContentStore;
import org.rapportcrm.platform.api.file.FileRefusedException;
import org.rapportcrm.platform.api.file.FileScanner;
import org.rapportcrm.platform.api.file.FileService;
import org.rapportcrm.platform.api.file.NewFile;
import org.rapportcrm.platform.api.file.StoredFile;
import org.rapportcrm.platform.api.file.StoredFile.TextState;
import org.rapportcrm.platform.api.record.BusyException;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.db.DatabaseException;
import org.rapportcrm.platform.core.internal.extension.RankedExtensions;
import org.rapportcrm.platform.core.internal.record.AuditLog;
import org.rapportcrm.platform.core.internal.record.RecordServiceImpl;
import org.rapportcrm.platform.core.internal.security.AccessPolicy.Action;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's file store. An upload streams into the content store while it is counted, hashed, scanned and its
 * type detected; only then, in one short transaction, is the file recorded (or its content found to exist already and
 * shared), audited and queued for text extraction. Every call checks the record the file belongs to, as the caller.
 * As a trigger of every type, it deletes a record's files with the record.
 */
@Component(service = {FileService.class, RecordTrigger.class}, configurationPid = FilesConfig.PID)
@Designate(ocd = FilesConfig.class)
public class FileServiceImpl implements FileService, RecordTrigger {
    private static final Logger LOG = LoggerFactory.getLogger(FileServiceImpl.class);
    /** Audit operations (at most 10 characters), on the record the file belongs to. */
    static final String UPLOADED = "FILE_ADD";
    static final String DOWNLOADED = "FILE_READ";
    static final String DELETED = "FILE_DEL";
    private static final String NOT_FOUND_TYPE = "files";

    private final Database database;
    private final RecordServiceImpl records;
    private final FileContents contents;
    private final FileTexts texts;
    private final AuditLog audit;
    private final MediaTypes mediaTypes = new MediaTypes();
    private final RankedExtensions<FileScanner> scanners = new RankedExtensions<>();
    private final RankedExtensions<FileChangeGuard> guards = new RankedExtensions<>();
    private volatile long maxSize;

    @Activate
    public FileServiceImpl(@Reference Database database, @Reference RecordServiceImpl records, @Reference FileContents contents,
            @Reference FileTexts texts, FilesConfig config) {
        this.database = database;
        this.records = records;
        this.contents = contents;
        this.texts = texts;
        this.audit = new AuditLog(database.dialect());
        modified(config);
    }

    @Modified
    void modified(FilesConfig config) {
        maxSize = Math.max(1, config.maxSizeMegabytes()) * 1024L * 1024L;
        mediaTypes.configure(config);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindScanner(ComponentServiceObjects<FileScanner> scanner) {
        scanners.add(scanner);
    }

    void unbindScanner(ComponentServiceObjects<FileScanner> scanner) {
        scanners.remove(scanner);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindGuard(ComponentServiceObjects<FileChangeGuard> guard) {
        guards.add(guard);
    }

    void unbindGuard(ComponentServiceObjects<FileChangeGuard> guard) {
        guards.remove(guard);
    }

    /** Plugs a guard in directly, as an embedder or a test does. */
    public void addGuard(FileChangeGuard guard, String bundle) {
        guards.add(guard, bundle);
    }

    public void removeGuard(FileChangeGuard guard) {
        guards.remove(guard);
    }

    /** Plugs a scanner in directly, as an embedder or a test does. */
    public void addScanner(FileScanner scanner, String bundle) {
        scanners.add(scanner, bundle);
    }

    public void removeScanner(FileScanner scanner) {
        scanners.remove(scanner);
    }

    @Override
    public long maxSize() {
        return maxSize;
    }

    @Override
    public StoredFile store(Actor actor, String type, String recordId, NewFile file, InputStream content) {
        guard(actor, records.requireAccess(actor, type, recordId, Action.EDIT), FileChangeGuard.Change.ADD); // before reading a byte of it
        String name = FileNames.clean(file.name());
        FileContentStore store = contents.forWriting();
        String key;
        InspectedUpload upload;
        try (VirusScan scan = VirusScan.begin(scanners, name)) {
            upload = new InspectedUpload(content, name, maxSize, mediaTypes, scan);
            key = store.put(upload);
            String threat = scan.verdict();
            if (threat != null) {
                discard(store, key);
                LOG.warn("{} uploaded {} to {} {}: refused, the virus scanner found {}", actor.userName(), name, type, recordId, threat);
                throw new FileRefusedException("The virus scanner found " + threat + " in " + name + "; the file was not kept");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the upload failed: " + e.getMessage(), e);
        }
        String mediaType = upload.mediaType();
        StoredFile stored = new StoredFile(UUID.randomUUID().toString(), type, recordId, name, mediaType, upload.size(), upload.sha256(),
                file.confidential(), Instant.now().truncatedTo(ChronoUnit.MILLIS), actor.userId(), TextState.PENDING); // as every database keeps it
        boolean[] duplicate = {false};
        try {
            record(actor, stored, store, key, duplicate);
        } catch (DatabaseException e) {
            if (!isDuplicateKey(e)) {
                discard(store, key);
                throw e;
            }
            // The same bytes were uploaded at the same moment and recorded first: share them.
            try {
                record(actor, stored, store, key, duplicate);
            } catch (DatabaseException again) {
                discard(store, key);
                throw again;
            }
        }
        if (duplicate[0]) {
            discard(store, key); // another store's copy of bytes stored before
        }
        return stored;
    }

    private static boolean isDuplicateKey(DatabaseException e) {
        return e.getCause() instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23");
    }

    /** Records an uploaded file in one transaction; its content is shared if the same bytes are stored already. */
    private void record(Actor actor, StoredFile stored, FileContentStore store, String key, boolean[] duplicate) {
        String type = stored.recordType();
        String recordId = stored.recordId();
        try {
            database.inTransaction(c -> {
                Record record = records.requireAccess(actor, type, recordId, Action.EDIT); // it may have changed hands meanwhile
                guard(actor, record, FileChangeGuard.Change.ADD); // or state
                Optional<FileRows.Content> existing = FileRows.content(c, stored.sha256());
                if (existing.isPresent()) {
                    if (store instanceof DatabaseContentStore own) {
                        own.delete(key); // the same bytes were stored before: this file shares them, with this transaction
                    } else {
                        duplicate[0] = true;
                    }
                } else {
                    FileRows.insertContent(c, new FileRows.Content(stored.sha256(), store.name(), key, stored.size()), stored.createdAt());
                }
                DatabaseContentStore.kept(c, key);
                FileRows.insert(c, stored);
                audit(c, actor, record, UPLOADED, stored);
                texts.extractLater(stored);
                texts.changed(type, recordId);
                return null;
            });
        } catch (DatabaseException e) {
            throw e; // the caller decides: a concurrent upload of the same bytes is tried again
        } catch (RuntimeException e) {
            discard(store, key);
            throw e;
        }
    }

    private void discard(FileContentStore store, String key) {
        try {
            store.delete(key);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not drop the content {} of an upload that was not kept (housekeeping drops it later): {}", key, e.toString());
        }
    }

    @Override
    public List<StoredFile> list(Actor actor, String type, String recordId) {
        records.requireAccess(actor, type, recordId, Action.READ);
        List<StoredFile> files = database.read(c -> FileRows.ofRecord(c, type, recordId));
        if (files.stream().anyMatch(StoredFile::confidential) && !maySeeConfidential(actor, type, recordId)) {
            return files.stream().filter(f -> !f.confidential()).toList();
        }
        return files;
    }

    /**
     * A file is as readable as its record; a confidential one (a signed contract, a price agreement) only for those who
     * may also edit the record: its owner's team, managers, administrators, not every reader of the record, and never a
     * customer or partner (an external principal), whatever its roles let it edit.
     */
    @Override
    public StoredFile get(Actor actor, String fileId) {
        StoredFile file = database.read(c -> FileRows.find(c, fileId)).orElseThrow(() -> new RecordNotFoundException(NOT_FOUND_TYPE, fileId));
        try {
            records.requireAccess(actor, file.recordType(), file.recordId(), Action.READ);
        } catch (RecordNotFoundException e) {
            throw new RecordNotFoundException(NOT_FOUND_TYPE, fileId); // says nothing of the record
        }
        if (file.confidential() && !maySeeConfidential(actor, file.recordType(), file.recordId())) {
            throw new RecordNotFoundException(NOT_FOUND_TYPE, fileId); // as if it were not there, as in the list
        }
        return file;
    }

    @Override
    public Map<String, List<StoredFile>> matching(Actor actor, String type, Collection<String> recordIds, String text) {
        List<String> words = SearchWords.of(text);
        if (words.isEmpty() || recordIds.isEmpty()) {
            return Map.of();
        }
        Map<String, List<StoredFile>> found = new LinkedHashMap<>();
        database.read(c -> FileRows.withText(c, type, recordIds)).forEach((file, content) -> {
            if (SearchWords.allIn(words, file.name() + "\n" + content)) {
                found.computeIfAbsent(file.recordId(), id -> new ArrayList<>()).add(file);
            }
        });
        // Found by the search means readable; a confidential file needs the right to edit, asked once per record.
        found.replaceAll((recordId, files) -> files.stream().anyMatch(StoredFile::confidential) && !maySeeConfidential(actor, type, recordId)
                ? files.stream().filter(f -> !f.confidential()).toList() : files);
        for (String recordId : List.copyOf(found.keySet())) {
            records.requireAccess(actor, type, recordId, Action.READ);
        }
        found.values().removeIf(List::isEmpty);
        return found;
    }

    private boolean maySeeConfidential(Actor actor, String type, String recordId) {
        return !actor.isExternal() && mayEdit(actor, type, recordId);
    }

    private boolean mayEdit(Actor actor, String type, String recordId) {
        try {
            records.requireAccess(actor, type, recordId, Action.EDIT);
            return true;
        } catch (AccessDeniedException | RecordNotFoundException e) {
            return false;
        }
    }

    @Override
    public FileContent open(Actor actor, String fileId) {
        StoredFile file = get(actor, fileId);
        FileRows.Content content = database.read(c -> FileRows.content(c, file.sha256()))
                .orElseThrow(() -> new RecordNotFoundException(NOT_FOUND_TYPE, fileId));
        if (file.confidential()) {
            database.inTransaction(c -> {
                audit(c, actor, records.requireAccess(actor, file.recordType(), file.recordId(), Action.READ), DOWNLOADED, file);
                return null;
            });
        }
        return new FileContent() {
            @Override
            public StoredFile file() {
                return file;
            }

            @Override
            public InputStream read(long offset, long length) throws IOException {
                if (offset < 0 || length < 0 || offset + length > file.size()) {
                    throw new IndexOutOfBoundsException("Bytes " + offset + "+" + length + " are not within the " + file.size() + " of " + file.name());
                }
                return contents.read(content, offset, length);
            }
        };
    }

    @Override
    public void delete(Actor actor, String fileId) {
        StoredFile file = get(actor, fileId);
        database.inTransaction(c -> {
            Record record = records.requireAccess(actor, file.recordType(), file.recordId(), Action.EDIT);
            if (FileRows.find(c, fileId).isEmpty()) {
                throw new RecordNotFoundException(NOT_FOUND_TYPE, fileId); // deleted meanwhile
            }
            guard(actor, record, FileChangeGuard.Change.DELETE);
            remove(c, actor, record, file);
            return null;
        });
    }

    /** Asks every guard, in ranking order; the first refusal ends the change. */
    private void guard(Actor actor, Record record, FileChangeGuard.Change change) {
        for (RankedExtensions.Extension<FileChangeGuard> guard : guards.all()) {
            String refusal = guard.service().refusal(actor, record, change);
            if (refusal != null) {
                LOG.info("{} may not {} a file of {} {}: {} ({})", actor.userName(), change == FileChangeGuard.Change.ADD ? "add" : "delete",
                        record.getType(), record.getId(), refusal, guard.bundle());
                throw new FileChangeRefusedException(refusal);
            }
        }
    }

    /** Removes a file in the caller's transaction; its content goes once no other file shares it. */
    private void remove(Connection c, Actor actor, Record record, StoredFile file) throws SQLException {
        FileRows.delete(c, file.id());
        audit(c, actor, record, DELETED, file);
        texts.changed(file.recordType(), file.recordId());
        if (!FileRows.contentInUse(c, file.sha256())) {
            Optional<FileRows.Content> content = FileRows.content(c, file.sha256());
            FileRows.deleteContent(c, file.sha256());
            if (content.isPresent()) {
                FileRows.Content gone = content.get();
                if (DatabaseContentStore.NAME.equals(gone.store())) {
                    contents.database().delete(gone.key()); // with the row, in this transaction
                } else {
                    database.afterCommit(() -> {
                        try {
                            contents.delete(gone.store(), gone.key());
                        } catch (IOException | RuntimeException e) {
                            LOG.warn("The content {} of deleted files stays in {}: {}", gone.key(), gone.store(), e.toString());
                        }
                    });
                }
            }
        }
    }

    private void audit(Connection c, Actor actor, Record record, String operation, StoredFile file) throws SQLException {
        audit.write(c, actor, List.of(AuditLog.change(Instant.now(), actor, file.recordType(), file.recordId(), record.getVersion(),
                operation, null, null, file.name())));
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(); // every type
    }

    /** A deleted record takes its files along, in the deletion's transaction. */
    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        if (!RecordEvents.DELETED.equals(change.kind())) {
            return;
        }
        Record record = change.record();
        database.inTransaction(c -> {
            for (StoredFile file : FileRows.ofRecord(c, change.recordType(), record.getId())) {
                remove(c, actor, record, file);
            }
            return null;
        });
    }
}
