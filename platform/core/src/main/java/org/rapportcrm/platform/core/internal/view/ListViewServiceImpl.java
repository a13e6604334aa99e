package org.rapportcrm.platform.core.internal.view;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Permission;
import org.rapportcrm.platform.api.view.ListView;
import org.rapportcrm.platform.api.view.ListViewService;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.metadata.MetadataRegistry;
import org.rapportcrm.platform.core.internal.metadata.ShapeIndexes;
import org.rapportcrm.platform.core.internal.metadata.TableIndexes;
import org.rapportcrm.platform.core.internal.record.ListShapes;
import org.rapportcrm.platform.core.internal.record.ValueConverter;
import org.rapportcrm.platform.core.internal.security.AccessPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saved list views, read from the database on every call (so every node sees a change at once), and the indexes that
 * serve the shared ones: after a shared view is saved the platform makes sure an index serves its shape, and after one
 * goes or changes it drops the indexes no shared view of the type needs any more.
 */
@Component(service = ListViewService.class)
public class ListViewServiceImpl implements ListViewService {
    static final String TYPE = "listView";
    private static final Logger LOG = LoggerFactory.getLogger(ListViewServiceImpl.class);
    private static final Pattern SORT = Pattern.compile("-?[A-Za-z][A-Za-z0-9]{0,63}");
    private static final FieldDefinition NAME = FieldDefinition.builder("name", FieldType.TEXT).maxLength(MAX_NAME_LENGTH).build();
    /** The system fields a list may show beside the type's own. */
    private static final Set<String> SYSTEM_COLUMNS = Set.of(SystemFields.OWNER, SystemFields.CREATED_AT, SystemFields.UPDATED_AT,
            SystemFields.CREATED_BY, SystemFields.UPDATED_BY);

    private final Database database;
    private final MetadataRegistry metadata;
    private final AccessPolicy policy;
    private final ShapeIndexes indexes;
    private final ListViewStore store = new ListViewStore();

    @Activate
    public ListViewServiceImpl(@Reference Database database, @Reference MetadataRegistry metadata, @Reference AccessPolicy policy,
            @Reference ShapeIndexes indexes) {
        this.database = database;
        this.metadata = metadata;
        this.policy = policy;
        this.indexes = indexes;
    }

    @Override
    public List<ListView> views(Actor actor, String recordType) {
        requireReadable(actor, recordType, "recordType");
        return database.read(c -> store.visible(c, recordType, actor.userId()));
    }

    @Override
    public Optional<ListView> view(Actor actor, String id) {
        return database.read(c -> store.find(c, id)).filter(v -> visible(actor, v));
    }

    @Override
    public ListView create(Actor actor, ListView view) {
        if (view.recordType() == null || metadata.type(view.recordType()).isEmpty()) {
            throw new ValidationException("recordType", "noSuchType", "no record type '" + view.recordType() + "'");
        }
        ListView checked = check(actor, view);
        ListView created = new ListView(UUID.randomUUID().toString(), view.recordType(), checked.name(), checked.columns(),
                checked.filter(), checked.sort(), checked.shared(), actor.userId(), 1);
        database.inTransaction(c -> {
            store.insert(c, created);
            return null;
        });
        if (created.shared()) {
            serve(created);
        }
        return created;
    }

    @Override
    public ListView update(Actor actor, String id, long expectedVersion, ListView view) {
        ListView current = require(actor, id);
        mayChange(actor, current);
        ListView checked = check(actor, new ListView(id, current.recordType(), view.name(), view.columns(), view.filter(), view.sort(),
                view.shared(), current.ownerId(), current.version()));
        ListView changed = new ListView(id, current.recordType(), checked.name(), checked.columns(), checked.filter(), checked.sort(),
                checked.shared(), current.ownerId(), expectedVersion + 1);
        database.inTransaction(c -> {
            if (!store.update(c, changed, expectedVersion)) {
                throw new StaleVersionException(TYPE, id, expectedVersion, current.version());
            }
            return null;
        });
        if (changed.shared()) {
            serve(changed);
        }
        if (current.shared()) {
            dropUnneeded(current.recordType());
        }
        return changed;
    }

    @Override
    public void delete(Actor actor, String id, long expectedVersion) {
        ListView current = require(actor, id);
        mayChange(actor, current);
        database.inTransaction(c -> {
            if (!store.delete(c, id, expectedVersion)) {
                throw new StaleVersionException(TYPE, id, expectedVersion, current.version());
            }
            return null;
        });
        if (current.shared()) {
            dropUnneeded(current.recordType());
        }
    }

    private ListView require(Actor actor, String id) {
        return view(actor, id).orElseThrow(() -> new RecordNotFoundException("No list view '" + id + "'"));
    }

    private boolean visible(Actor actor, ListView v) {
        if (actor.userId() != null && actor.userId().equals(v.ownerId())) {
            return true;
        }
        return v.shared() && metadata.type(v.recordType()).isPresent() && policy.scope(actor, v.recordType(),
                AccessPolicy.Action.READ) != AccessScope.NONE;
    }

    /** A private view is its owner's to change; a shared one (or making one shared) needs the manageSettings permission. */
    private void mayChange(Actor actor, ListView current) {
        if (current.shared()) {
            policy.checkPermission(actor, Permission.MANAGE_SETTINGS, "change shared list views", "shared");
        } else if (!current.ownerId().equals(actor.userId())) {
            throw new RecordNotFoundException("No list view '" + current.id() + "'");
        }
    }

    private void requireReadable(Actor actor, String recordType, String field) {
        if (recordType == null || metadata.type(recordType).isEmpty()) {
            throw new ValidationException(field, "noSuchType", "no record type '" + recordType + "'");
        }
        policy.condition(actor, recordType, AccessPolicy.Action.READ); // refuses a type the actor may not read
    }

    /**
     * The view as saved: name trimmed, every problem named by field. Fields are those the actor sees; the filter and sort
     * must apply to the type as the list would run them.
     */
    private ListView check(Actor actor, ListView v) {
        requireReadable(actor, v.recordType(), "recordType");
        if (v.shared()) {
            policy.checkPermission(actor, Permission.MANAGE_SETTINGS, "share list views", "shared");
        }
        RecordType type = policy.view(actor, metadata.requireType(v.recordType()));
        List<FieldError> errors = new ArrayList<>();
        String name = v.name() == null ? "" : v.name().strip();
        try {
            ValueConverter.convert(NAME, name);
        } catch (ValueConverter.InvalidValue e) {
            errors.add(e.error());
        }
        if (name.isEmpty()) {
            errors.add(new FieldError("name", "required", "a view needs a name"));
        }
        checkColumns(type, v.columns(), errors);
        String filterText = v.filter() == null || v.filter().isBlank() ? null : v.filter().strip();
        String sort = v.sort() == null || v.sort().isBlank() ? null : v.sort().strip();
        if (filterText != null && filterText.codePointCount(0, filterText.length()) > MAX_FILTER_LENGTH) {
            errors.add(new FieldError("filter", "tooLong", "at most " + MAX_FILTER_LENGTH + " characters"));
        } else if (sort != null && !SORT.matcher(sort).matches()) {
            errors.add(new FieldError("sort", "format", "a field name, with - before it for descending order"));
        } else {
            try {
                shape(type, filterText, sort);
            } catch (InvalidQueryException e) {
                // The query's message names its parameter first, as the field of the error does.
                String message = e.getMessage().startsWith(e.getParameter() + ": ") ? e.getMessage().substring(e.getParameter().length() + 2)
                        : e.getMessage();
                errors.add(new FieldError(e.getParameter(), "invalid", message));
            }
        }
        ValidationException.throwIfAny(errors);
        return new ListView(v.id(), v.recordType(), name, v.columns(), filterText, sort, v.shared(), v.ownerId(), v.version());
    }

    private static void checkColumns(RecordType type, List<String> columns, List<FieldError> errors) {
        if (columns.size() > MAX_COLUMNS) {
            errors.add(new FieldError("columns", "tooMany", "at most " + MAX_COLUMNS));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String column : columns) {
            if (column == null || !(SYSTEM_COLUMNS.contains(column) || type.field(column).isPresent())) {
                errors.add(new FieldError("columns", "noSuchField", type.getApiName() + " has no field '" + column + "'"));
            } else if (!seen.add(column)) {
                errors.add(new FieldError("columns", "duplicate", "'" + column + "' is listed twice"));
            }
        }
    }

    private static TableIndexes.Shape shape(RecordType type, String filterText, String sort) {
        Filter filter = filterText == null ? null : FilterExpression.parse(filterText);
        boolean descending = sort != null && sort.startsWith("-");
        return ListShapes.of(type, filter, sort == null ? null : descending ? sort.substring(1) : sort, descending);
    }

    /** Makes sure an index serves the shared view's list; a failure leaves the view saved and its list as fast as before. */
    private void serve(ListView view) {
        try {
            indexes.ensure(metadata.requireType(view.recordType()), shape(metadata.requireType(view.recordType()), view.filter(), view.sort()));
        } catch (RuntimeException e) {
            LOG.error("Could not build an index for the shared list view '{}' of {}: its list reads as before", view.name(),
                    view.recordType(), e);
        }
    }

    /** Drops the shape indexes that none of the type's shared views needs any more. */
    private void dropUnneeded(String recordType) {
        RecordType type = metadata.requireType(recordType);
        List<TableIndexes.Shape> needed = new ArrayList<>();
        for (ListView shared : database.read(c -> store.shared(c, recordType))) {
            try {
                needed.add(shape(type, shared.filter(), shared.sort()));
            } catch (InvalidQueryException e) {
                LOG.debug("Shared list view '{}' no longer applies to {}: {}", shared.name(), recordType, e.getMessage());
            }
        }
        try {
            indexes.retainOnly(type, needed);
        } catch (RuntimeException e) {
            LOG.error("Could not drop the indexes no shared list view of {} needs", recordType, e);
        }
    }
}
