package org.rapportcrm.platform.core.internal.file;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapportcrm.platform.api.cluster.ClusterChangeListener;
import org.rapportcrm.platform.api.cluster.ClusterChanges;
import org.rapportcrm.platform.api.file.FileTextExtractor;
import org.rapportcrm.platform.api.file.StoredFile;
import org.rapportcrm.platform.api.file.StoredFile.TextState;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.search.RecordTextListener;
import org.rapportcrm.platform.api.search.RecordTexts;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.extension.RankedExtensions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text of files, for the global search: extracted in the background (one scheduled task per file, run once in the
 * cluster, on whichever node is free) by the first {@link FileTextExtractor} that reads the file's type, kept in the
 * database, and offered to the search index as the words of the record the file belongs to. Every node's index hears
 * when a record's file text changed: this node's listeners after the commit, the others' through a cluster notice.
 */
@Component(service = {FileTexts.class, RecordTexts.class, ScheduledTaskHandler.class, ClusterChangeListener.class},
        configurationPid = FilesConfig.PID)
public class FileTexts implements RecordTexts, ScheduledTaskHandler, ClusterChangeListener {
    static final String HANDLER = "rapport.files.text";
    static final String TOPIC = "rapport.files.text";
    private static final Logger LOG = LoggerFactory.getLogger(FileTexts.class);
    private final Database database;
    private final FileContents contents;
    private final ClusterChanges cluster;
    private final TaskScheduler scheduler;
    private final RankedExtensions<FileTextExtractor> extractors = new RankedExtensions<>();
    private final RankedExtensions<RecordTextListener> listeners = new RankedExtensions<>();
    private volatile int maxCharacters;

    @Activate
    public FileTexts(@Reference Database database, @Reference FileContents contents, @Reference ClusterChanges cluster,
            @Reference TaskScheduler scheduler, FilesConfig config) {
        this.database = database;
        this.contents = contents;
        this.cluster = cluster;
        this.scheduler = scheduler;
        modified(config);
    }

    @Modified
    void modified(FilesConfig config) {
        maxCharacters = config.textMaxCharacters();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindExtractor(ComponentServiceObjects<FileTextExtractor> extractor) {
        extractors.add(extractor);
    }

    void unbindExtractor(ComponentServiceObjects<FileTextExtractor> extractor) {
        extractors.remove(extractor);
    }

    /** Plugs an extractor in directly, as an embedder or a test does. */
    public void addExtractor(FileTextExtractor extractor, String bundle) {
        extractors.add(extractor, bundle);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindListener(ComponentServiceObjects<RecordTextListener> listener) {
        listeners.add(listener);
    }

    void unbindListener(ComponentServiceObjects<RecordTextListener> listener) {
        listeners.remove(listener);
    }

    public void addListener(RecordTextListener listener, String bundle) {
        listeners.add(listener, bundle);
    }

    /** For a new file, in its upload's transaction: its text is extracted once that commits. */
    void extractLater(StoredFile file) {
        scheduler.schedule(HANDLER, file.id(), Instant.now(), Map.of());
    }

    /** The files of a record changed (one added or deleted, a text extracted): in the change's transaction. */
    void changed(String type, String recordId) {
        cluster.publish(TOPIC, type + "\n" + recordId);
        database.afterCommit(() -> tellListeners(type, List.of(recordId)));
    }

    private void tellListeners(String type, Collection<String> recordIds) {
        for (RankedExtensions.Extension<RecordTextListener> listener : listeners.all()) {
            try {
                listener.service().textsChanged(type, recordIds);
            } catch (RuntimeException e) {
                LOG.error("{} failed to hear that files of {} {} changed", listener.bundle(), type, recordIds, e);
            }
        }
    }

    @Override
    public Map<String, String> texts(String type, Collection<String> ids) {
        return ids.isEmpty() ? Map.of() : database.read(c -> FileRows.texts(c, type, ids));
    }

    @Override
    public Set<String> topics() {
        return Set.of(TOPIC);
    }

    @Override
    public void onChange(String topic, String payload) {
        int newline = payload.indexOf('\n');
        if (newline > 0) {
            tellListeners(payload.substring(0, newline), List.of(payload.substring(newline + 1)));
        }
    }

    /** This node did not hear the others for a while: the records whose file text changed since are read again. */
    @Override
    public void onMissedChanges(Instant since) {
        database.read(c -> FileRows.textChangedSince(c, since)).forEach(this::tellListeners);
    }

    @Override
    public String name() {
        return HANDLER;
    }

    @Override
    public TaskOutcome run(TaskRun run) throws IOException {
        Optional<StoredFile> found = database.read(c -> FileRows.find(c, run.instanceId()));
        if (found.isEmpty() || found.get().text() != TextState.PENDING) {
            return TaskOutcome.done(); // deleted meanwhile, or done by an earlier run
        }
        StoredFile file = found.get();
        Optional<FileTextExtractor> extractor = extractors.all().stream().map(RankedExtensions.Extension::service)
                .filter(e -> e.canExtract(file.mediaType())).findFirst();
        String text = null;
        TextState state = TextState.NONE;
        if (extractor.isPresent()) {
            Optional<FileRows.Content> content = database.read(c -> FileRows.content(c, file.sha256()));
            if (content.isEmpty()) {
                return TaskOutcome.done();
            }
            try (InputStream in = contents.read(content.get(), 0, content.get().size())) {
                text = extractor.get().extract(in, file.mediaType(), maxCharacters);
                state = text == null || text.isBlank() ? TextState.NONE : TextState.EXTRACTED;
            } catch (IOException | RuntimeException e) {
                LOG.warn("The text of file {} ({}, {}) could not be extracted: {}", file.id(), file.name(), file.mediaType(), e.toString());
                state = TextState.FAILED;
            }
        }
        TextState outcome = state;
        String kept = state == TextState.EXTRACTED ? limit(text) : null;
        database.inTransaction(c -> {
            if (FileRows.find(c, file.id()).isPresent()) {
                FileRows.text(c, file.id(), outcome, kept, Instant.now());
                if (kept != null) {
                    changed(file.recordType(), file.recordId());
                }
            }
            return null;
        });
        return TaskOutcome.done();
    }

    private String limit(String text) {
        return text.length() > maxCharacters ? text.substring(0, maxCharacters) : text;
    }
}
