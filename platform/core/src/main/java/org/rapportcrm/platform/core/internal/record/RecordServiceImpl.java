package org.rapportcrm.platform.core.internal.record;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.platform.api.cluster.ClusterChanges;
import org.rapportcrm.platform.api.cluster.RecordsChanged;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.BatchResult;
import org.rapportcrm.platform.api.record.Change;
import org.rapportcrm.platform.api.record.DeleteRestrictedException;
import org.rapportcrm.platform.api.record.Deletion;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordSelection;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.search.SearchIndex;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.db.DatabaseException;
import org.rapportcrm.platform.core.internal.event.ChangeDispatcher;
import org.rapportcrm.platform.core.internal.metadata.MetadataRegistry;
import org.rapportcrm.platform.core.internal.metadata.ShapeIndexes;
import org.rapportcrm.platform.core.internal.outbox.OutboxWriter;
import org.rapportcrm.platform.core.internal.security.AccessPolicy;
import org.rapportcrm.platform.core.internal.security.AccessPolicy.Action;

/**
 * The rules of records: validation against metadata, defaults, references, uniqueness, optimistic locking,
 * permissions, the audit trail (same transaction) and events (after commit). SQL is the store's business.
 */
@Component(service = {RecordService.class, RecordServiceImpl.class}, configurationPid = RecordsConfig.PID)
@Designate(ocd = RecordsConfig.class)
public class RecordServiceImpl implements RecordService {
    private static final int HISTORY_MAX = 500;
    private static final String FORBIDDEN = "forbidden";

    private final MetadataRegistry metadata;
    private final Database database;
    private final ChangeDispatcher changes;
    private final ClusterChanges cluster;
    private final ExtensionRules rules = new ExtensionRules();
    private final RecordStore store;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final IntegrityChecks integrity;
    private final MasterRecords masters;
    private final RecordInput input;
    private final GlobalSearch globalSearch;
    private final ListOrders orders;
    private final OutboxWriter outbox;

    @Activate
    public RecordServiceImpl(@Reference MetadataRegistry metadata, @Reference Database database,
            @Reference ChangeDispatcher changes, @Reference AccessPolicy policy, @Reference ClusterChanges cluster,
            @Reference ShapeIndexes shapeIndexes, @Reference OutboxWriter outbox, RecordsConfig config) {
        this.metadata = metadata;
        this.outbox = outbox;
        this.policy = policy;
        this.database = database;
        this.changes = changes;
        this.cluster = cluster;
        this.store = new RecordStore(database.dialect(), shapeIndexes);
        this.audit = new AuditLog(database.dialect());
        this.integrity = new IntegrityChecks(store);
        this.masters = new MasterRecords(metadata, store, policy);
        this.input = new RecordInput(rules, policy);
        this.globalSearch = new GlobalSearch(database, metadata, store, policy);
        this.orders = new ListOrders(database.dialect(), shapeIndexes, config.unindexedSortMaxRows());
    }

    /** New settings from ConfigAdmin (or a test), applied without restarting the service. */
    @Modified
    public void modified(RecordsConfig config) {
        orders.unindexedSortMaxRows(config.unindexedSortMaxRows());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindValidator(ComponentServiceObjects<RecordValidator> validator) {
        rules.addValidator(validator);
    }

    void unbindValidator(ComponentServiceObjects<RecordValidator> validator) {
        rules.removeValidator(validator);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindTrigger(ComponentServiceObjects<RecordTrigger> trigger) {
        rules.addTrigger(trigger);
    }

    void unbindTrigger(ComponentServiceObjects<RecordTrigger> trigger) {
        rules.removeTrigger(trigger);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindSearchIndex(ComponentServiceObjects<SearchIndex> index) {
        globalSearch.addIndex(index);
    }

    void unbindSearchIndex(ComponentServiceObjects<SearchIndex> index) {
        globalSearch.removeIndex(index);
    }

    /** Plugs a search index in directly, as an embedder or a test does. */
    public void addSearchIndex(SearchIndex index, String bundle) {
        globalSearch.addIndex(index, bundle);
    }

    public void removeSearchIndex(SearchIndex index) {
        globalSearch.removeIndex(index);
    }

    /** Registers a validation rule directly, as an embedder or a test does; {@code bundle} names it in logs. */
    public void addValidator(RecordValidator validator, String bundle) {
        rules.addValidator(validator, bundle);
    }

    public void removeValidator(RecordValidator validator) {
        rules.removeValidator(validator);
    }

    /** Registers a trigger directly, as an embedder or a test does. */
    public void addTrigger(RecordTrigger trigger, String bundle) {
        rules.addTrigger(trigger, bundle);
    }

    /** Refuses an actor who may not import records of the type, as an import checks before it starts. */
    public void checkMayImport(Actor actor, String typeName) {
        if (actor.isExternal()) {
            throw new AccessDeniedException("External users do not create records in bulk");
        }
        policy.checkCreate(actor, typeName);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return database.inTransaction(c -> work.get());
    }

    @Override
    public <T> T transactionState(Object key, Supplier<T> create) {
        return database.isInTransaction() ? database.transactionState(key, create) : create.get();
    }

    @Override
    public void beforeCommit(Runnable work) {
        if (database.isInTransaction()) {
            database.beforeCommit(c -> {
                work.run();
                return null;
            });
        } else {
            work.run();
        }
    }

    @Override
    public Record create(Actor actor, String typeName, Map<String, Object> input) {
        RecordType type = metadata.requireType(typeName);
        policy.checkCreate(actor, typeName);
        Record record = database.inTransaction(c -> {
            // Triggers' beforeWrite runs here, in the transaction, as for an update: what it reads or writes commits with the record.
            List<FieldError> errors = new ArrayList<>();
            Record prepared = this.input.prepareNew(actor, type, input, now(), errors);
            errors.stream().filter(e -> FORBIDDEN.equals(e.code())).findFirst().ifPresent(e -> {
                throw new AccessDeniedException(e.message(), e.field()); // an owner or field the caller may not set: 403, not 422
            });
            ValidationException.throwIfAny(errors);
            insertNew(c, actor, type, prepared);
            return prepared;
        });
        publish(type, record, RecordEvents.CREATED, actor, List.of());
        return policy.redact(actor, record);
    }

    private void insertNew(Connection c, Actor actor, RecordType type, Record record) throws SQLException {
        masters.require(c, actor, type, record.getValues());
        ValidationException.throwIfAny(integrity.check(c, type, List.of(record), fieldNames(type), record.getOwner() != null).getOrDefault(0, List.of()));
        try {
            store.insert(c, type, record);
        } catch (SQLException e) {
            throw uniqueViolationOr(e, type, fieldNames(type));
            }
            requireShared(c, actor, type, record.getId());
            audit.write(c, actor, creation(actor, type, record));
            written(actor, type, new RecordChange(RecordEvents.CREATED, record, actor.userId(), Set.of()), record.getUpdatedAt(), Map.of());
            announce(type, record.getUpdatedAt(), List.of());
    }

    @Override
    public BatchResult createAll(Actor actor, String typeName, List<Map<String, Object>> rows) {
        return createAll(actor, typeName, rows, (c, result) -> { });
    }

    /** Work that must commit or roll back together with a batch, such as an import job's progress. */
    @FunctionalInterface
    public interface BatchHook {
        void inTransaction(Connection c, BatchResult result) throws SQLException;
    }

    public BatchResult createAll(Actor actor, String typeName, List<Map<String, Object>> rows, BatchHook hook) {
        RecordType type = metadata.requireType(typeName);
        checkMayImport(actor, typeName);
        Instant now = now();
        BatchResult result;
        try {
            result = writeBatch(actor, type, rows, now, hook);
        } catch (UniqueRace race) {
            // A concurrent writer took a unique value between check and insert: do it again, now it shows.
            result = writeBatch(actor, type, rows, now, hook);
        }
        for (Record r : result.created()) {
            publish(type, r, RecordEvents.CREATED, actor, List.of());
        }
        return result;
    }

    private static final class UniqueRace extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UniqueRace(SQLException cause) {
            super(cause);
        }
    }

    /** Prepares (triggers' beforeWrite included) and writes the rows that pass, all in one transaction. */
    private BatchResult writeBatch(Actor actor, RecordType type, List<Map<String, Object>> rows, Instant now, BatchHook hook) {
        return database.inTransaction(c -> {
            Map<Integer, List<FieldError>> failures = new HashMap<>();
            List<Record> candidates = new ArrayList<>();
            List<Integer> candidateRows = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                List<FieldError> errors = new ArrayList<>();
                Record r = input.prepareNew(actor, type, rows.get(i), now, errors);
                if (errors.isEmpty()) {
                    candidates.add(r);
                    candidateRows.add(i);
                } else {
                    failures.put(i, errors);
                }
            }
            Map<Integer, List<FieldError>> integrity = this.integrity.check(c, type, candidates, fieldNames(type), true);
            Map<Integer, List<FieldError>> refusedMasters = masters.check(c, actor, type, candidates.stream().map(Record::getValues).toList());
            List<Record> accepted = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                List<FieldError> errors = integrity.get(i);
                if (refusedMasters.containsKey(i)) {
                    errors = new ArrayList<>(errors == null ? List.of() : errors);
                    errors.addAll(refusedMasters.get(i));
                }
                if (errors == null) {
                    accepted.add(candidates.get(i));
                } else {
                    failures.put(candidateRows.get(i), errors);
                }
            }
            try {
                store.insertAll(c, type, accepted);
            } catch (SQLException e) {
                if (database.dialect().isUniqueViolation(e)) {
                    throw new UniqueRace(e);
                }
                throw e;
            }
            audit.write(c, actor, accepted.stream().flatMap(r -> creation(actor, type, r).stream()).toList());
            for (Record r : accepted) {
                written(actor, type, new RecordChange(RecordEvents.CREATED, r, actor.userId(), Set.of()), now, Map.of());
            }
            if (!accepted.isEmpty()) {
                announce(type, accepted.get(0).getUpdatedAt(), List.of());
            }
            BatchResult result = new BatchResult(accepted, failures);
            hook.inTransaction(c, result);
            return result;
        });
    }

    /** The audit of a creation; a record created for someone else also records to whom it was given. */
    private static List<Change> creation(Actor actor, RecordType type, Record r) {
        Object name = r.get(type.getNameField());
        Change created = AuditLog.change(r.getCreatedAt(), actor, type.getApiName(), r.getId(), 1, "CREATE", null, null,
                name == null ? null : ValueConverter.format(name));
        if (actor.isSystem() || Objects.equals(r.getOwner(), actor.userId())) {
            return List.of(created);
        }
        return List.of(created, AuditLog.change(r.getCreatedAt(), actor, type.getApiName(), r.getId(), 1, "CREATE",
                SystemFields.OWNER, null, r.getOwner()));
    }

    private static List<String> fieldNames(RecordType type) {
        return type.getFields().stream().map(FieldDefinition::getApiName).toList();
    }

    @Override
    public Record get(Actor actor, String typeName, String id) {
        RecordType view = policy.view(actor, metadata.requireType(typeName));
        SqlCondition access = policy.condition(actor, typeName, Action.READ);
        return database.read(c -> store.find(c, view, id, access)).orElseThrow(() -> new RecordNotFoundException(typeName, id));
    }

    @Override
    public Record update(Actor actor, String typeName, String id, long expectedVersion, Map<String, Object> input) {
        RecordType type = metadata.requireType(typeName);
        policy.checkMayChange(actor, typeName, Action.EDIT);
        Instant now = now();
        Record[] result = new Record[1];
        List<String> changed = new ArrayList<>();
        database.inTransaction(c -> {
            // Permission first, then input, then concurrency: a caller who may not change the record learns nothing more.
            Record current = loadForChange(c, actor, type, id, Action.EDIT);
            masters.require(c, actor, type, current.getValues());
            boolean ownerGiven = input.containsKey(SystemFields.OWNER);
            if (ownerGiven) {
                policy.checkOwner(actor, typeName, current.getOwner(), input.get(SystemFields.OWNER), false);
            }
            List<FieldError> errors = new ArrayList<>();
            Map<String, Object> converted = RecordInput.convert(policy.view(actor, type), input, errors);
            String newOwner = ownerGiven ? RecordInput.ownerValue(input.get(SystemFields.OWNER), errors) : null;
            ValidationException.throwIfAny(errors);
            policy.checkEditable(actor, type, current, converted);
            requireVersion(current, expectedVersion);
            Map<String, Object> merged = new LinkedHashMap<>(current.getValues());
            merged.putAll(converted);
            rules.beforeWrite(actor, type, current, merged);
            List<Change> changes = new ArrayList<>();
            List<FieldError> missing = new ArrayList<>();
            for (FieldDefinition f : type.getFields()) {
                Object old = current.get(f.getApiName());
                Object value = merged.get(f.getApiName());
                if (!Objects.equals(old, value)) {
                    changed.add(f.getApiName());
                    changes.add(AuditLog.change(now, actor, typeName, id, current.getVersion() + 1, "UPDATE", f.getApiName(),
                            ValueConverter.format(old), ValueConverter.format(value)));
                    if (value == null && f.isRequired()) {
                        missing.add(new FieldError(f.getApiName(), "required", "is required"));
                    }
                }
            }
            ValidationException.throwIfAny(missing);
            String owner = current.getOwner();
            if (ownerGiven && !Objects.equals(owner, newOwner)) {
                changes.add(AuditLog.change(now, actor, typeName, id, current.getVersion() + 1, "UPDATE", SystemFields.OWNER, owner, newOwner));
                changed.add(SystemFields.OWNER);
                owner = newOwner;
            }
            if (changes.isEmpty()) {
                result[0] = current;
                return null;
            }
            ValidationException.throwIfAny(rules.errors(actor, type, current, merged));
            if (changed.stream().anyMatch(f -> type.field(f).map(d -> MasterRecords.isMaster(type, d)).orElse(false))) {
                masters.require(c, actor, type, merged); // moved to another master: that one changes too
            }
            Record updated = new Record(typeName, id, current.getVersion() + 1, owner, current.getCreatedAt(), now,
                    current.getCreatedBy(), actor.userId(), merged);
            ValidationException.throwIfAny(integrity.check(c, type, List.of(updated), changed, changed.contains(SystemFields.OWNER) && owner != null)
                    .getOrDefault(0, List.of()));
            int rows;
            try {
                rows = store.update(c, type, updated, expectedVersion, changed);
            } catch (SQLException e) {
                throw uniqueViolationOr(e, type, changed);
            }
            if (rows == 0) {
                throw new StaleVersionException(typeName, id, expectedVersion, expectedVersion + 1);
            }
            requireShared(c, actor, type, id);
            audit.write(c, actor, changes);
            Map<String, Object> previous = new LinkedHashMap<>();
            changed.forEach(f -> previous.put(f, SystemFields.OWNER.equals(f) ? current.getOwner() : current.get(f)));
            written(actor, type, new RecordChange(RecordEvents.UPDATED, updated, actor.userId(), Set.copyOf(changed)), now, previous);
            announce(type, updated.getUpdatedAt(), List.of());
            result[0] = updated;
            return null;
        });
        if (!changed.isEmpty()) {
            publish(type, result[0], RecordEvents.UPDATED, actor, changed);
        }
        return policy.redact(actor, result[0]);
    }

    @Override
    public void delete(Actor actor, String typeName, String id, long expectedVersion) {
        RecordType type = metadata.requireType(typeName);
        policy.checkMayChange(actor, typeName, Action.DELETE);
        Instant now = now();
        List<RecordChange> done = new ArrayList<>();
        database.inTransaction(c -> {
            Record current = loadForChange(c, actor, type, id, Action.DELETE);
            masters.require(c, actor, type, current.getValues());
            requireVersion(current, expectedVersion);
            DeletePlan plan = plannedDeletion(c, actor, type, id);
            if (!plan.blockers.isEmpty()) {
                throw new DeleteRestrictedException(typeName, id, plan.describe());
            }
            for (Map.Entry<DeletePlan.Reference, Set<String>> cleared : plan.clears.entrySet()) {
                clearReferences(c, actor, cleared.getKey(), cleared.getValue(), now, done);
            }
            if (store.delete(c, type, id, expectedVersion) == 0) {
                throw new StaleVersionException(typeName, id, expectedVersion, expectedVersion + 1);
            }
            deleted(c, actor, type, List.of(current), now, done);
            // Masters before their details, so a detail's trigger finds its master gone and leaves it be.
            for (Map.Entry<String, Set<String>> cascaded : plan.deletes.entrySet()) {
                RecordType t = plan.types.get(cascaded.getKey());
                List<String> ids = cascaded.getValue().stream().filter(other -> !(other.equals(id) && t.getApiName().equals(typeName))).toList();
                // Read just before: a trigger of an earlier delete may have changed (or deleted) one of them.
                List<Record> found = new ArrayList<>(store.findAll(c, t, ids, SqlCondition.TRUE).values());
                int[] rows = store.deleteAll(c, t, found);
                List<Record> removed = new ArrayList<>();
                for (int i = 0; i < found.size(); i++) {
                    if (rows[i] != 0) {
                        removed.add(found.get(i));
                    }
                }
                deleted(c, actor, t, removed, now, done);
            }
            return null;
        });
        done.forEach(change -> database.afterCommit(() -> changes.dispatch(change)));
    }

    @Override
    public Deletion deletion(Actor actor, String typeName, String id) {
        RecordType type = metadata.requireType(typeName);
        policy.checkMayChange(actor, typeName, Action.DELETE);
        return database.read(c -> {
            Record current = loadForChange(c, actor, type, id, Action.DELETE);
            masters.require(c, actor, type, current.getValues());
            return plannedDeletion(c, actor, type, id).describe();
        });
    }

    /**
     * The record, if the actor may read it ({@link Action#READ}) or also change it ({@link Action#EDIT}, with the edit
     * rights on its masters a change of it needs): for what belongs to a record without being a field of it, such as
     * its files. 404 if the actor cannot read it, 403 if it can read but not change it. Joins the caller's transaction.
     */
    public Record requireAccess(Actor actor, String typeName, String id, Action action) {
        RecordType type = metadata.requireType(typeName);
        if (action == Action.READ) {
            return get(actor, typeName, id);
        }
        policy.checkMayChange(actor, typeName, action);
        return database.read(c -> {
            Record current = loadForChange(c, actor, type, id, action);
            masters.require(c, actor, type, current.getValues());
            return current;
        });
    }

    /** What deleting the record does, refused with 403 if it would delete records the actor may not delete. */
    private DeletePlan plannedDeletion(Connection c, Actor actor, RecordType type, String id) throws SQLException {
        DeletePlan plan = DeletePlan.of(c, metadata, store, type, id);
        plan.checkAllowed(c, actor, policy, store);
        return plan;
    }

    /** Audits the deletion of records of one type, tells triggers and other nodes, and queues the change for listeners. */
    private void deleted(Connection c, Actor actor, RecordType type, List<Record> removed, Instant now, List<RecordChange> done)
            throws SQLException {
        if (removed.isEmpty()) {
            return;
        }
        audit.write(c, actor, removed.stream().map(r -> {
            Object name = r.get(type.getNameField());
            return AuditLog.change(now, actor, type.getApiName(), r.getId(), r.getVersion(), "DELETE", null,
                    name == null ? null : ValueConverter.format(name), null);
        }).toList());
        for (Record r : removed) {
            RecordChange change = new RecordChange(RecordEvents.DELETED, r, actor.userId(), Set.of());
            written(actor, type, change, now, Map.of());
            done.add(change);
        }
        announce(type, null, removed.stream().map(Record::getId).toList());
    }

    /**
     * Clears a reference to a deleted record ({@code SET_NULL}) in each record holding it: an update like any other
     * (version, audit by the deleting actor, triggers, listeners, other nodes), made as part of the delete whoever
     * may edit those records, since the reference may not be left pointing at nothing. Validators are not asked: the
     * value they would judge is gone.
     */
    private void clearReferences(Connection c, Actor actor, DeletePlan.Reference ref, Set<String> ids, Instant now, List<RecordChange> done)
            throws SQLException {
        RecordType type = ref.type();
        String field = ref.field().getApiName();
        List<Record> current = new ArrayList<>(store.findAll(c, type, new ArrayList<>(ids), SqlCondition.TRUE).values());
        List<Record> cleared = new ArrayList<>();
        for (Record r : current) {
            Map<String, Object> values = new LinkedHashMap<>(r.getValues());
            values.put(field, null);
            cleared.add(new Record(type.getApiName(), r.getId(), r.getVersion() + 1, r.getOwner(), r.getCreatedAt(), now,
                    r.getCreatedBy(), actor.userId(), values));
        }
        int[] rows = store.updateAll(c, type, cleared, List.of(field));
        List<Change> audited = new ArrayList<>();
        for (int i = 0; i < cleared.size(); i++) {
            Record updated = cleared.get(i);
            if (rows[i] == 0) {
                throw new StaleVersionException(type.getApiName(), updated.getId(), updated.getVersion() - 1, updated.getVersion());
            }
            audited.add(AuditLog.change(now, actor, type.getApiName(), updated.getId(), updated.getVersion(), "UPDATE", field,
                    ValueConverter.format(current.get(i).get(field)), null));
            RecordChange change = new RecordChange(RecordEvents.UPDATED, updated, actor.userId(), Set.of(field));
            Map<String, Object> previous = new LinkedHashMap<>();
            previous.put(field, current.get(i).get(field));
            written(actor, type, change, now, previous);
            done.add(change);
        }
        if (!audited.isEmpty()) {
            audit.write(c, actor, audited);
            announce(type, now, List.of());
        }
    }

    /**
     * The one place a written record change goes on, inside its transaction: into the durable outbox first, then to
     * the triggers (whose own changes follow it there).
     */
    private void written(Actor actor, RecordType type, RecordChange change, Instant time, Map<String, Object> previousValues) {
        outbox.add(change, time, previousValues);
        rules.afterWrite(actor, type, change);
    }

    @Override
    public Page<Record> query(Actor actor, Query query) {
        RecordType view = policy.view(actor, metadata.requireType(query.type()));
        SqlCondition access = policy.condition(actor, query.type(), Action.READ);
        Query resolved = query.where(CurrentUser.resolve(query.filter(), view, actor));
        return database.read(c -> {
            orders.check(c, view, resolved);
            return store.query(c, view, resolved, access);
        });
    }

    @Override
    public List<String> sortableFields(Actor actor, String typeName) {
        RecordType view = policy.view(actor, metadata.requireType(typeName));
        policy.condition(actor, typeName, Action.READ); // what may not be read has no list to sort
        return database.read(c -> orders.sortableFields(c, view));
    }

    @Override
    public long count(Actor actor, String typeName, Filter filter) {
        RecordType view = policy.view(actor, metadata.requireType(typeName));
        SqlCondition where = readable(actor, view, filter);
        return database.read(c -> store.count(c, view, where));
    }

    @Override
    public RecordSelection select(Actor actor, String typeName, Filter filter) {
        RecordType view = policy.view(actor, metadata.requireType(typeName));
        return new SqlRecordSelection(view, readable(actor, view, filter));
    }

    /** The rows of the type (as the actor sees it) the filter selects and the actor may read. */
    private SqlCondition readable(Actor actor, RecordType view, Filter filter) {
        return SqlCondition.and(List.of(policy.condition(actor, view.getApiName(), Action.READ),
                new FilterTranslator(view).translate(CurrentUser.resolve(filter, view, actor))));
    }

    @Override
    public org.rapportcrm.platform.api.record.Totals totals(Actor actor, String typeName, String field, Filter filter) {
        RecordType view = policy.view(actor, metadata.requireType(typeName));
        Column column = Column.of(view, field)
                .filter(col -> java.util.EnumSet.of(org.rapportcrm.platform.api.metadata.FieldType.INTEGER,
                        org.rapportcrm.platform.api.metadata.FieldType.DECIMAL, org.rapportcrm.platform.api.metadata.FieldType.PERCENT,
                        org.rapportcrm.platform.api.metadata.FieldType.MONEY)
                        .contains(col.field().getType()))
                .orElseThrow(() -> new org.rapportcrm.platform.api.query.InvalidQueryException(field,
                        field + ": not a numeric field of " + typeName + " that can be totalled"));
        SqlCondition where = readable(actor, view, filter);
        return database.read(c -> store.totals(c, view, column.name(), where));
    }

    @Override
    public List<org.rapportcrm.platform.api.record.GroupCount> countBy(Actor actor, String typeName, List<String> fields, Filter filter, int limit) {
        RecordType view = policy.view(actor, metadata.requireType(typeName));
        if (fields.isEmpty()) {
            throw new org.rapportcrm.platform.api.query.InvalidQueryException("fields", "name at least one field to group by");
        }
        List<Column> columns = new ArrayList<>();
        for (String field : fields) {
            columns.add(Column.of(view, field).filter(col -> !java.util.EnumSet.of(org.rapportcrm.platform.api.metadata.FieldType.MONEY,
                            org.rapportcrm.platform.api.metadata.FieldType.MULTI_PICKLIST, org.rapportcrm.platform.api.metadata.FieldType.LONG_TEXT)
                    .contains(col.field().getType()))
                    .orElseThrow(() -> new org.rapportcrm.platform.api.query.InvalidQueryException(field,
                            field + ": not a field of " + typeName + " that records can be grouped by")));
        }
        SqlCondition where = readable(actor, view, filter);
        return database.read(c -> store.countBy(c, view, columns, where, Math.max(1, Math.min(limit, Query.MAX_LIMIT))));
    }

    @Override
    public List<Record> search(Actor actor, String text, int limitPerType) {
        return globalSearch.search(actor, text, limitPerType);
    }

    @Override
    public List<Change> history(Actor actor, String typeName, String id, int limit) {
        get(actor, typeName, id); // the history of a record is as visible as the record, and so is each field's
        Set<String> hidden = policy.hiddenFields(actor, typeName);
        RecordType type = metadata.requireType(typeName);
        return database.read(c -> {
            // What is shared with every external principal (a published article) is shared as it is now: how it got
            // there (its drafts, who reviewed it) stays with the organisation.
            if (actor.isExternal() && store.find(c, type, id, policy.sharedWithAccount(actor, typeName)).isEmpty()) {
                return List.<Change>of();
            }
            return audit.history(c, typeName, id, Math.min(limit, HISTORY_MAX));
        }).stream().filter(change -> change.field() == null || !hidden.contains(change.field())).toList();
    }

    /** Reads the record for an edit or delete: 404 if unseen, 403 if seen but not changeable by the actor. */
    private Record loadForChange(Connection c, Actor actor, RecordType type, String id, Action action) throws SQLException {
        String typeName = type.getApiName();
        Record current = store.find(c, type, id, policy.condition(actor, typeName, Action.READ))
                .orElseThrow(() -> new RecordNotFoundException(typeName, id));
        AccessScope scope = policy.scope(actor, typeName, action);
        if (scope == AccessScope.NONE || scope != AccessScope.ALL
                && store.find(c, type, id, policy.condition(actor, typeName, action)).isEmpty()) {
            throw new AccessDeniedException(actor.userName() + " may not " + action.name().toLowerCase(Locale.ROOT) + " this " + typeName);
        }
        return current;
    }

    /** An external principal may only write records that stay shared with its account (a case of its own company). */
    private void requireShared(Connection c, Actor actor, RecordType type, String id) throws SQLException {
        if (actor.isExternal() && store.find(c, type, id, policy.sharedWithAccount(actor, type.getApiName())).isEmpty()) {
            throw new AccessDeniedException(actor.userName() + " may only write " + type.getApiName() + " records shared with their account");
        }
    }

    private static void requireVersion(Record current, long expectedVersion) {
        if (current.getVersion() != expectedVersion) {
            throw new StaleVersionException(current.getType(), current.getId(), expectedVersion, current.getVersion());
        }
    }

    /** A concurrent writer won the race for a unique value: report it like the check before would have. */
    private RuntimeException uniqueViolationOr(SQLException e, RecordType type, Iterable<String> fields) {
        if (database.dialect().isUniqueViolation(e)) {
            for (String name : fields) {
                if (type.field(name).map(FieldDefinition::isUnique).orElse(false)) {
                    return new ValidationException(name, "unique", "another " + type.getApiName() + " already has this value");
                }
            }
        }
        return new DatabaseException(e.getMessage(), e);
    }

    /**
     * Tells the other nodes of a cluster, as part of this transaction, which records of the type it changes, so that
     * what they keep of records (a search index) follows.
     */
    private void announce(RecordType type, Instant updatedSince, List<String> deletedIds) {
        for (String payload : new RecordsChanged(type.getApiName(), updatedSince, deletedIds).toPayloads()) {
            cluster.publish(RecordsChanged.TOPIC, payload);
        }
    }

    private void publish(RecordType type, Record r, String kind, Actor actor, Iterable<String> changed) {
        List<String> names = new ArrayList<>();
        changed.forEach(names::add);
        // Inside a caller's transaction the change is not visible yet: tell the listeners once it is committed.
        database.afterCommit(() -> changes.dispatch(new RecordChange(kind, r, actor.userId(), Set.copyOf(names))));
    }

    /** Millisecond precision: what every supported database stores, so a record reads back as it was written. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
