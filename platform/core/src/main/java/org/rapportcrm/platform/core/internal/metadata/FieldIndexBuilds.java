package org.rapportcrm.platform.core.internal.metadata;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldDefinition.BuildState;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.db.Dialect;
import org.rapportcrm.platform.core.internal.db.Names;
import org.rapportcrm.platform.core.internal.metadata.MetadataRegistry.BuildStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a custom field's indexes in line with what an administrator switched ({@link MetadataRegistry#setFieldIndexing}),
 * as a task of the clustered scheduler: once in the cluster, resumed by another node if this one goes away. It builds
 * the lower-cased copy of a text field made searchable and the indexes {@link TableIndexes} gives the field, drops those
 * switched off, and then marks the field ready, which every node reads.
 * <p>
 * Each step is idempotent, so a run repeated after a crash simply goes on. On PostgreSQL writes go on throughout
 * (indexes are built {@code CONCURRENTLY}; the lower-cased copy of existing rows is filled in small committed batches,
 * with a checkpoint). On Derby each index build holds the table until done: lists and writes of that type wait.
 */
@Component(service = {ScheduledTaskHandler.class, FieldIndexBuilds.class})
public class FieldIndexBuilds implements ScheduledTaskHandler {
    public static final String HANDLER = "rapport.field-index";
    static final String TYPE = "type";
    static final String FIELD = "field";
    /** Checkpoint: the id up to which the lower-cased copy is filled in. */
    private static final String FILLED_TO = "filledTo";
    private static final int FILL_BATCH = 2000;
    /** Batches filled per run before a checkpoint, so a repeated run redoes little. */
    private static final int FILL_BATCHES_PER_RUN = 50;
    /** Tries before a build counts as failed (a lock timeout or a busy database passes). */
    private static final int ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(FieldIndexBuilds.class);

    private final Database database;
    private final MetadataRegistry metadata;

    @Activate
    public FieldIndexBuilds(@Reference Database database, @Reference MetadataRegistry metadata) {
        this.database = database;
        this.metadata = metadata;
    }

    @Override
    public String name() {
        return HANDLER;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        String typeName = (String) run.data().get(TYPE);
        String fieldName = (String) run.data().get(FIELD);
        Optional<BuildStates> states = metadata.buildStates(typeName, fieldName);
        Optional<RecordType> type = metadata.type(typeName);
        if (states.isEmpty() || type.isEmpty() || type.get().field(fieldName).isEmpty()) {
            return TaskOutcome.done(); // its type's capability is not installed (any more); a new switch schedules again
        }
        FieldDefinition field = type.get().field(fieldName).orElseThrow();
        boolean searchable = isWanted(states.get().search());
        boolean indexed = isWanted(states.get().index());
        try {
            // Once searchable, the lower-cased copy is complete and kept so (switched off, it stays and is kept as well).
            if (states.get().search() == BuildState.BUILDING && FieldColumns.hasLowerColumn(field.toBuilder().searchable(true).build())) {
                Optional<String> filledTo = addLowerColumn(typeName, field, (String) run.data().get(FILLED_TO), run);
                if (filledTo.isPresent()) {
                    Map<String, Object> checkpoint = new HashMap<>(run.data());
                    checkpoint.put(FILLED_TO, filledTo.get());
                    return TaskOutcome.runAgainAt(Instant.now(), checkpoint);
                }
            }
            database.read(c -> {
                Dialect dialect = database.dialect();
                String table = Names.table(typeName);
                List<TableIndexes.Index> wanted = TableIndexes.ofField(type.get(), field, searchable, indexed, dialect);
                Set<String> wantedNames = wanted.stream().map(TableIndexes.Index::name).collect(Collectors.toSet());
                for (TableIndexes.Index index : TableIndexes.ofField(type.get(), field, true, field.getType().isComparable(), dialect)) {
                    if (!wantedNames.contains(index.name())) {
                        OnlineIndexes.drop(c, dialect, table, index.name());
                    }
                }
                for (TableIndexes.Index index : wanted) {
                    OnlineIndexes.create(c, dialect, table, index);
                }
                return null;
            });
        } catch (RuntimeException e) {
            if (run.attempt() < ATTEMPTS) {
                throw e;
            }
            LOG.error("Building the indexes of field {} of {} failed {} times; it is marked failed", fieldName, typeName, ATTEMPTS, e);
            metadata.finishBuild(typeName, fieldName, states.get(), BuildState.FAILED);
            return TaskOutcome.failed(e.toString());
        }
        // Ready, unless switched again meanwhile: that switch's own task then builds what it asks for.
        metadata.finishBuild(typeName, fieldName, states.get(), BuildState.READY);
        return TaskOutcome.done();
    }

    private static boolean isWanted(BuildState state) {
        return state == BuildState.BUILDING || state == BuildState.READY;
    }

    /**
     * Adds the field's lower-cased column if missing and fills it in for the rows after {@code filledTo}, a number of
     * batches per run. @return where to go on from, or empty once every row has it
     */
    private Optional<String> addLowerColumn(String typeName, FieldDefinition field, String filledTo, TaskRun run) {
        return database.read(c -> {
            Dialect dialect = database.dialect();
            if (filledTo == null) {
                OnlineIndexes.addLowerColumn(c, dialect, typeName, field);
            }
            String after = filledTo == null ? "" : filledTo;
            for (int batch = 0; batch < FILL_BATCHES_PER_RUN; batch++) {
                Optional<String> last = OnlineIndexes.fillLowerColumn(c, dialect, typeName, field, after, FILL_BATCH);
                if (last.isEmpty()) {
                    return Optional.empty();
                }
                after = last.get();
                if (run.stopRequested()) {
                    break;
                }
            }
            return Optional.of(after);
        });
    }
}
