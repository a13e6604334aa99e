package org.rapportcrm.platform.search.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
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
import org.rapportcrm.platform.api.cluster.ClusterChangeListener;
import org.rapportcrm.platform.api.cluster.RecordsChanged;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordChangeListener;
import org.rapportcrm.platform.api.health.HealthCheck;
import org.rapportcrm.platform.api.health.HealthStatus;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.search.RecordTextListener;
import org.rapportcrm.platform.api.search.RecordTexts;
import org.rapportcrm.platform.api.search.SearchIndex;
import org.rapportcrm.platform.api.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global search's index: every record of every type with searchable fields, in an embedded Lucene index. Record
 * changes reach it through their events as they are committed; a type it has never seen, or whose searchable fields
 * changed, is built from the database in the background (the platform searches the database meanwhile); after a
 * restart, what changed since the last commit is caught up from the database by the records' update times.
 *
 * <p>Several nodes over one database: each has its own index. The platform announces every record change to the other
 * nodes ({@link RecordsChanged}), and this index reads what another node created or changed since the announced update
 * time, and drops what it deleted, within moments. A node that was not listening for a while (its connection to the
 * database was cut) catches up everything changed since; only deletions made meanwhile stay in its index until the type
 * is rebuilt, which is harmless: the platform reads every hit from the database, so a deleted record is never shown.
 */
@Component(service = {SearchIndex.class, RecordChangeListener.class, ClusterChangeListener.class, HealthCheck.class, RecordTextListener.class},
        immediate = true,
        configurationPid = LuceneSearchIndex.PID)
@Designate(ocd = LuceneSearchIndex.Config.class)
public class LuceneSearchIndex implements SearchIndex, RecordChangeListener, ClusterChangeListener, HealthCheck, RecordTextListener {
    public static final String PID = "org.rapportcrm.search";
    private static final Logger LOG = LoggerFactory.getLogger(LuceneSearchIndex.class);
    /**
     * A change reaches the index within this time of its record's update stamp: its transaction commits and its event
     * is delivered. Marks are kept this far behind, so a catch-up never skips a change that was still on its way.
     */
    static final Duration IN_FLIGHT = Duration.ofMinutes(1);
    private static final int PAGE = 1000;
    private static final int WRITE_QUEUE = 10_000;

    @ObjectClassDefinition(name = "Rapport search index")
    public @interface Config {
        @AttributeDefinition(description = "Folder of the index; empty for data/rapport/search in the Karaf instance")
        String directory() default "";

        @AttributeDefinition(description = "Seconds between commits of the index and checks for new or changed record types")
        int maintenanceSeconds() default 10;

        @AttributeDefinition(description = "Seconds between catch-ups from the database, 0 for none. Other nodes' changes "
                + "arrive without it; set it only if records are changed in the database by other means than Rapport")
        int catchUpSeconds() default 0;
    }

    private final MetadataService metadata;
    private final RecordService records;
    private final Config config;
    private final Clock clock;
    /** Opened on activation ({@link #open}), not on construction; read by every thread after that. */
    private volatile LuceneIndex index;
    private volatile IndexedTypes types;
    private final AtomicBoolean changed = new AtomicBoolean();
    /** The earliest update time of changes whose events were dropped and are not yet caught up, or null. */
    private final AtomicReference<Instant> missedSince = new AtomicReference<>();
    /** Per type, the earliest update time of other nodes' changes not yet read. */
    private final Map<String, Instant> otherNodesSince = new ConcurrentHashMap<>();
    private final AtomicBoolean otherNodesQueued = new AtomicBoolean();
    private final ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rapport-search-index");
        t.setDaemon(true);
        return t;
    });
    /**
     * Reads what other nodes created or changed: a thread of its own, so a maintenance pass (a type rebuilt, every
     * type caught up) does not keep another node's new record out of searches that the index already covers.
     */
    private final ExecutorService otherNodes = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rapport-search-other-nodes");
        t.setDaemon(true);
        return t;
    });
    /** Record changes waiting for the writer thread; more than this and they are caught up from the database instead. */
    private final BlockingQueue<RecordChange> pendingChanges = new ArrayBlockingQueue<>(WRITE_QUEUE);
    /** Whether a task that writes {@link #pendingChanges} is queued on or running on the writer thread. */
    private final AtomicBoolean draining = new AtomicBoolean();
    /** The writer thread: Lucene's writes, in the order they were asked for. */
    private final ThreadPoolExecutor writes = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(WRITE_QUEUE), r -> {
        Thread t = new Thread(r, "rapport-search-writer");
        t.setDaemon(true);
        return t;
    });
    /** More words of records than their fields: the text of their files. */
    private final List<RecordTexts> texts = new CopyOnWriteArrayList<>();
    private volatile boolean closing;
    /** Why the last maintenance failed, or null: the database answers searches meanwhile. */
    private volatile String maintenanceFailure;
    /** Only touched by the maintenance thread. */
    private Instant lastCatchUp = Instant.EPOCH;

    @Activate
    public LuceneSearchIndex(@Reference MetadataService metadata, @Reference RecordService records, Config config) {
        this(metadata, records, config, Clock.systemUTC());
    }

    LuceneSearchIndex(MetadataService metadata, RecordService records, Config config, Clock clock) {
        this.metadata = metadata;
        this.records = records;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Opens the index once every reference is bound. SCR drops an instance whose binding fails (a service going away
     * meanwhile) without deactivating it: had the constructor opened the index, that instance would keep Lucene's
     * lock on the folder for the life of the JVM, and every later instance would fail to start.
     */
    @Activate
    void open() throws IOException {
        LuceneIndex opened = openOrRecreate(config.directory().isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "rapport", "search")
                : Path.of(config.directory()));
        try {
            this.types = IndexedTypes.fromCommitted(opened.committedNotes());
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        this.index = opened;
        maintenance.scheduleWithFixedDelay(this::maintain, 0, Math.max(1, config.maintenanceSeconds()), TimeUnit.SECONDS);
    }

    /**
     * An index Lucene cannot read (damaged, or written by another Lucene) is rebuilt from the database, and so is one
     * whose documents an older version built another way ({@link RecordDocuments#FORMAT}): Lucene keeps how a field is
     * indexed for the life of an index, so new documents could not go beside the old ones.
     */
    private static LuceneIndex openOrRecreate(Path path) throws IOException {
        Files.createDirectories(path);
        try {
            LuceneIndex opened = new LuceneIndex(path);
            if (IndexedTypes.fromCommitted(opened.committedNotes()).builtAsNow()) {
                return opened;
            }
            opened.close();
            LOG.info("The search index in {} was built by an older version; building it again from the database", path);
        } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException e) {
            LOG.warn("The search index in {} cannot be read; building it again from the database", path, e);
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(path)).toList()) {
                Files.delete(p);
            }
        }
        return new LuceneIndex(path);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addTexts(RecordTexts source) {
        texts.add(source);
    }

    void removeTexts(RecordTexts source) {
        texts.remove(source);
    }

    /** The files of these records changed: their entries are built again (on the writer thread, in order with changes). */
    @Override
    public void textsChanged(String type, Collection<String> ids) {
        if (!types.isTracked(type) || closing) {
            return; // its build reads it from the database
        }
        List<String> changedIds = List.copyOf(ids);
        try {
            writes.execute(() -> reindex(type, changedIds));
        } catch (RejectedExecutionException e) {
            LOG.warn("Search index: the file text of {} {} records is indexed when {} is next rebuilt", changedIds.size(), type, type);
        }
    }

    private void reindex(String typeName, List<String> ids) {
        Optional<RecordType> type = metadata.type(typeName);
        if (type.isEmpty()) {
            return;
        }
        List<Record> found = new ArrayList<>();
        for (String id : ids) {
            try {
                found.add(records.get(Actor.system(), typeName, id));
            } catch (RecordNotFoundException e) {
                try {
                    index.delete(id);
                    changed.set(true);
                } catch (IOException io) {
                    LOG.error("Search index: could not drop deleted {} {}", typeName, id, io);
                }
            } catch (RuntimeException e) {
                LOG.error("Search index: could not read {} {} again after its files changed", typeName, id, e);
            }
        }
        putAll(type.get(), found);
        try {
            index.refresh();
        } catch (IOException e) {
            LOG.error("Search index: could not make the file text of {} records searchable yet", typeName, e);
        }
    }

    @Deactivate
    void close() throws IOException, InterruptedException {
        closing = true;
        maintenance.shutdown();
        otherNodes.shutdown();
        writes.shutdown();
        if (!maintenance.awaitTermination(60, TimeUnit.SECONDS) || !otherNodes.awaitTermination(60, TimeUnit.SECONDS)
                || !writes.awaitTermination(60, TimeUnit.SECONDS)) {
            LOG.warn("The search index's threads did not stop within 60 s");
        }
        try (LuceneIndex opened = index) {
            commit();
        }
    }

    @Override
    public String name() {
        return "search index";
    }

    /** Open as long as this component is; types not covered yet are searched in the database meanwhile. */
    @Override
    public HealthStatus check() {
        String failure = maintenanceFailure;
        if (failure != null) {
            return HealthStatus.down("keeping the index current fails (the database answers searches meanwhile): " + failure);
        }
        long searchable = metadata.types().stream().filter(t -> !RecordDocuments.searchableFields(t).isEmpty()).count();
        long covered = metadata.types().stream().filter(t -> types.covers(t.getApiName())).count();
        return HealthStatus.up("open; covers " + covered + " of " + searchable + " searchable types");
    }

    @Override
    public boolean covers(String type) {
        return !closing && types.covers(type);
    }

    @Override
    public List<String> find(String type, String text, int offset, int limit) {
        try {
            return index.find(type, text, offset, limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> findSimilar(String type, String text, int limit) {
        try {
            return index.findSimilar(type, text, limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of();
    }

    /**
     * Hands the change to this index's own writer thread: Lucene's writes must not run on a thread that may be
     * interrupted (the dispatcher interrupts a listener that overruns its time limit or goes away), since an
     * interrupted file channel closes and takes the index writer with it.
     */
    @Override
    public void onChange(RecordChange change) {
        if (!types.isTracked(change.recordType())) {
            return; // its build reads it from the database
        }
        if (!pendingChanges.offer(change)) {
            if (!closing) {
                changesDropped(stamp(change));
            }
            return;
        }
        if (draining.compareAndSet(false, true)) {
            try {
                writes.execute(this::writePendingChanges);
            } catch (RejectedExecutionException e) {
                draining.set(false); // closing
            }
        }
    }

    /**
     * Writes the waiting changes, a page at a time: a bulk import's thousands of changes cost one read of their files'
     * texts per page and no task each. Runs until none are left, so a change offered meanwhile is never stranded.
     */
    private void writePendingChanges() {
        List<RecordChange> page = new ArrayList<>(PAGE);
        while (true) {
            pendingChanges.drainTo(page, PAGE);
            if (page.isEmpty()) {
                draining.set(false);
                // A change offered after the drain found none, but before the flag was lowered, would have no task.
                if (pendingChanges.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            apply(page);
            page.clear();
        }
    }

    /** Applies changes in their order, each run of changes to records of one type as one batch. */
    private void apply(List<RecordChange> changes) {
        int start = 0;
        for (int i = 1; i <= changes.size(); i++) {
            if (i == changes.size() || !sameBatch(changes.get(start), changes.get(i))) {
                applyBatch(changes.subList(start, i));
                start = i;
            }
        }
    }

    private static boolean sameBatch(RecordChange a, RecordChange b) {
        return a.recordType().equals(b.recordType()) && isDeletion(a) == isDeletion(b);
    }

    private static boolean isDeletion(RecordChange change) {
        return RecordEvents.DELETED.equals(change.kind());
    }

    private void applyBatch(List<RecordChange> batch) {
        RecordChange first = batch.get(0);
        try {
            if (isDeletion(first)) {
                for (RecordChange change : batch) {
                    index.delete(change.record().getId());
                }
                changed.set(true);
            } else {
                metadata.type(first.recordType()).ifPresent(type -> putAll(type, batch.stream().map(RecordChange::record).toList()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Search index: could not apply {} changes of {} records; catching them up from the database", batch.size(),
                    first.recordType(), e);
            changesDropped(batch.stream().map(this::stamp).min(Comparator.naturalOrder()).orElseThrow());
        }
    }

    private Instant stamp(RecordChange change) {
        return change.record().getUpdatedAt() != null ? change.record().getUpdatedAt() : clock.instant();
    }

    /** The dispatcher dropped changes while this index lagged: catch them up from the database at once. */
    @Override
    public void changesDropped(Instant since) {
        missedSince.accumulateAndGet(since, (a, b) -> a == null || b.isBefore(a) ? b : a);
        if (!closing) {
            maintenance.execute(this::maintain);
        }
    }

    @Override
    public Set<String> topics() {
        return Set.of(RecordsChanged.TOPIC);
    }

    /**
     * Another node changed records: what it deleted leaves the index (on the writer thread, in order with this node's
     * changes), what it created or changed is read from the database on a thread of its own.
     */
    @Override
    public void onChange(String topic, String payload) {
        RecordsChanged change = RecordsChanged.fromPayload(payload);
        if (!types.isTracked(change.type())) {
            return; // its build reads it from the database
        }
        if (!change.deletedIds().isEmpty()) {
            try {
                writes.execute(() -> delete(change.deletedIds()));
            } catch (RejectedExecutionException e) {
                LOG.warn("Search index: {} records deleted on another node stay in the index until {} is rebuilt (their hits are "
                        + "not shown: the database no longer has them)", change.deletedIds().size(), change.type());
            }
        }
        if (change.updatedSince() != null) {
            otherNodesSince.merge(change.type(), change.updatedSince(), (a, b) -> a.isBefore(b) ? a : b);
            if (otherNodesQueued.compareAndSet(false, true) && !closing) {
                try {
                    otherNodes.execute(this::readOtherNodesChanges);
                } catch (RejectedExecutionException e) {
                    otherNodesQueued.set(false); // closing
                }
            }
        }
    }

    /**
     * This node may have missed other nodes' announcements (it was not listening): read everything changed since, by
     * their clocks, which may be a little behind.
     */
    @Override
    public void onMissedChanges(Instant since) {
        changesDropped(since.minus(IN_FLIGHT));
    }

    private void delete(List<String> ids) {
        try {
            for (String id : ids) {
                index.delete(id);
            }
            changed.set(true);
        } catch (IOException | RuntimeException e) {
            LOG.error("Search index: could not drop {} records deleted on another node; their hits are not shown anyway", ids.size(), e);
        }
    }

    /** Reads what other nodes created or changed since they said; the marks stay where they are. */
    void readOtherNodesChanges() {
        otherNodesQueued.set(false);
        for (Map.Entry<String, Instant> pending : Map.copyOf(otherNodesSince).entrySet()) {
            String name = pending.getKey();
            Optional<RecordType> type = metadata.type(name);
            try {
                if (type.isPresent() && types.isTracked(name)) {
                    indexAll(type.get(), Query.of(name).where(Filter.ge(SystemFields.UPDATED_AT, pending.getValue()))
                            .sortBy(SystemFields.UPDATED_AT, false).limit(PAGE));
                }
                otherNodesSince.remove(name, pending.getValue());
            } catch (CancellationException e) {
                return;
            } catch (RecordNotFoundException e) {
                otherNodesSince.remove(name, pending.getValue()); // the type went
            } catch (RuntimeException e) {
                LOG.error("Search index: reading {} records changed on another node failed; trying again with the next change", name, e);
            }
        }
        try {
            index.refresh();
        } catch (IOException e) {
            LOG.error("Search index: could not make other nodes' changes searchable yet", e);
        }
    }

    /** A maintenance pass now, on the maintenance thread, so never beside another one; waits for it. */
    void maintainNow() throws InterruptedException, ExecutionException {
        maintenance.submit((Runnable) this::maintain).get();
    }

    /** Builds the types it does not hold (or holds in an older shape), catches up the others if due, and commits. */
    private void maintain() {
        try {
            Instant now = clock.instant();
            boolean catchUpDue = config.catchUpSeconds() > 0 && !now.isBefore(lastCatchUp.plusSeconds(config.catchUpSeconds()));
            Instant missed = missedSince.get();
            for (RecordType type : metadata.types()) {
                if (closing) {
                    return;
                }
                if (RecordDocuments.searchableFields(type).isEmpty()) {
                    continue;
                }
                try {
                    maintain(type, catchUpDue, missed);
                } catch (RecordNotFoundException e) {
                    LOG.debug("Record type {} went while it was being indexed", type.getApiName(), e);
                }
            }
            missedSince.compareAndSet(missed, null);
            if (catchUpDue) {
                lastCatchUp = now;
            }
            if (changed.getAndSet(false)) {
                commit();
            }
            maintenanceFailure = null;
        } catch (CancellationException e) {
            // closing
        } catch (IOException | RuntimeException e) {
            maintenanceFailure = e.toString();
            LOG.error("Maintaining the search index failed; trying again in {} s", config.maintenanceSeconds(), e);
        }
    }

    private void maintain(RecordType type, boolean catchUpDue, Instant missed) throws IOException {
        String signature = RecordDocuments.signature(type);
        Optional<IndexedTypes.Entry> entry = types.entry(type.getApiName()).filter(e -> e.signature().equals(signature));
        if (entry.isEmpty()) {
            build(type, signature);
        } else if (catchUpDue || !types.covers(type.getApiName())) {
            catchUp(type, entry.get());
        } else if (missed != null) {
            catchUp(type, new IndexedTypes.Entry(signature, missed));
        }
    }

    private void build(RecordType type, String signature) throws IOException {
        String name = type.getApiName();
        long started = System.nanoTime();
        Instant start = clock.instant();
        types.startBuilding(name);
        index.deleteType(name);
        long count = indexAll(type, Query.of(name).sortBy(SystemFields.ID, false).limit(PAGE));
        // A record read before a concurrent change may have overwritten that change's newer document: read again
        // what changed since the build began.
        catchUp(type, new IndexedTypes.Entry(signature, start.minus(IN_FLIGHT)));
        LOG.info("Search index: {} {} records indexed in {} ms", count, name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private void catchUp(RecordType type, IndexedTypes.Entry entry) throws IOException {
        Instant start = clock.instant();
        indexAll(type, Query.of(type.getApiName()).where(Filter.ge(SystemFields.UPDATED_AT, entry.caughtUpTo()))
                .sortBy(SystemFields.UPDATED_AT, false).limit(PAGE));
        index.refresh(); // covered means searches see it all
        Instant mark = start.minus(IN_FLIGHT);
        types.caughtUp(type.getApiName(), entry.signature(), mark.isAfter(entry.caughtUpTo()) ? mark : entry.caughtUpTo());
        changed.set(true);
    }

    private long indexAll(RecordType type, Query query) {
        long[] count = {0};
        List<Record> batch = new ArrayList<>(PAGE);
        records.forEach(Actor.system(), query, record -> {
            if (closing) {
                throw new CancellationException();
            }
            batch.add(record);
            if (batch.size() == PAGE) {
                putAll(type, batch);
                batch.clear();
            }
            count[0]++;
        });
        putAll(type, batch);
        return count[0];
    }

    /** Indexes the records with the extra text of those that have any, asked for once for them all. */
    private void putAll(RecordType type, List<Record> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, String> extra = extraTexts(type.getApiName(), batch.stream().map(Record::getId).toList());
        try {
            for (Record record : batch) {
                Optional<org.apache.lucene.document.Document> doc = RecordDocuments.of(type, record, extra.get(record.getId()));
                if (doc.isPresent()) {
                    index.put(record.getId(), doc.get());
                    changed.set(true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> extraTexts(String type, List<String> ids) {
        if (texts.isEmpty()) {
            return Map.of();
        }
        Map<String, String> all = new HashMap<>();
        for (RecordTexts source : texts) {
            source.texts(type, ids).forEach((id, text) -> all.merge(id, text, (a, b) -> a + "\n" + b));
        }
        return all;
    }

    /**
     * Changes older than {@link #IN_FLIGHT} have all come through their events or their announcements, except dropped
     * ones and other nodes' not yet read: the marks move up to there.
     */
    private void commit() throws IOException {
        Instant settled = clock.instant().minus(IN_FLIGHT);
        Instant missed = missedSince.get();
        Instant mark = missed != null && missed.isBefore(settled) ? missed : settled;
        for (Instant otherNodes : otherNodesSince.values()) {
            mark = otherNodes.isBefore(mark) ? otherNodes : mark;
        }
        types.advance(mark);
        index.commit(types.asCommitNotes());
    }
}
