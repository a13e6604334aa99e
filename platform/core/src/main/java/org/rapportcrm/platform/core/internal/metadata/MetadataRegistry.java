package org.rapportcrm.platform.core.internal.metadata;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapportcrm.platform.api.cluster.ClusterChangeListener;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldDefinition.BuildState;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.cluster.ClusterChannel;
import org.rapportcrm.platform.core.internal.db.ContributedMigrations;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.record.ValueConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of record types: collects the types of every {@link RecordTypeProvider} on the whiteboard, keeps their
 * tables in step, and merges in the custom fields administrators added (stored in {@code rapport_custom_field}).
 *
 * <p>Several nodes over one database: a custom field added on one node is announced on {@link #TOPIC}, and the others
 * read the type's custom fields again; schema changes take a lock across nodes, so two nodes never change one table at
 * once.
 */
@Component(service = {MetadataService.class, MetadataRegistry.class})
public class MetadataRegistry implements MetadataService {
    /** Notices that a record type's custom fields changed; the payload is the type's api name. */
    public static final String TOPIC = "rapport.metadata";
    private static final String SCHEMA_LOCK = "rapport.schema";
    private static final Logger LOG = LoggerFactory.getLogger(MetadataRegistry.class);
    private static final int MAX_TEXT_LENGTH = 4000;
    private static final int MAX_SCALE = 8;
    private static final String ON_DELETE = "onDelete";
    private static final String REQUIRED_NOT_CLEARED = "a required reference cannot be cleared when its record is deleted: "
            + "choose RESTRICT or CASCADE";

    private final Database database;
    private final ClusterChannel cluster;
    private final ClusterChangeListener otherNodes;
    private final TaskScheduler scheduler;
    private final Map<String, RecordType> types = new ConcurrentHashMap<>();
    /** The types as their providers contributed them; {@link #types} adds other providers' extensions and custom fields. */
    private final Map<String, RecordType> contributedTypes = new ConcurrentHashMap<>();
    private final Map<RecordTypeProvider, List<String>> typesByProvider = new ConcurrentHashMap<>();
    private final Map<RecordTypeProvider, Map<String, List<FieldDefinition>>> extensionsByProvider = new ConcurrentHashMap<>();
    /** Service ids of the providers bound and taken in, for readiness ({@link #hasTakenIn}). */
    private final Set<Long> providersTakenIn = ConcurrentHashMap.newKeySet();

    @Activate
    public MetadataRegistry(@Reference Database database, @Reference ClusterChannel cluster, @Reference TaskScheduler scheduler) {
        this.database = database;
        this.cluster = cluster;
        this.scheduler = scheduler;
        // Before any type is read, so that no other node's change falls in between.
        this.otherNodes = cluster.listen(TOPIC, typeName -> reloadCustomFields(Set.of(typeName)),
                () -> reloadCustomFields(contributedTypes.keySet()));
    }

    @Deactivate
    void deactivate() {
        cluster.removeListener(otherNodes);
    }

    /**
     * Binds each provider on the whiteboard and notes its service id once its types are taken in (registered, or
     * failed and logged), so that readiness can wait for providers already registered but not yet here.
     */
    @Reference(name = "provider", service = RecordTypeProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindProvider")
    public void bindProvider(RecordTypeProvider provider, Map<String, Object> properties) {
        try {
            addProvider(provider);
        } finally {
            providersTakenIn.add(serviceId(properties));
        }
    }

    public void unbindProvider(RecordTypeProvider provider, Map<String, Object> properties) {
        providersTakenIn.remove(serviceId(properties));
        removeProvider(provider);
    }

    private static long serviceId(Map<String, Object> properties) {
        return (Long) properties.get(Constants.SERVICE_ID);
    }

    /** Whether the provider registered as this service has been taken in; false while its types are being registered. */
    public boolean hasTakenIn(long providerServiceId) {
        return providersTakenIn.contains(providerServiceId);
    }

    public synchronized void addProvider(RecordTypeProvider provider) {
        List<String> names = new ArrayList<>();
        String capability = capabilityOf(provider);
        for (RecordType type : provider.recordTypes()) {
            RecordType contributed = type.withCapability(capability);
            if (contributedTypes.putIfAbsent(contributed.getApiName(), contributed) != null) {
                LOG.error("Record type {} is already registered; ignoring the second contribution", contributed.getApiName());
                continue;
            }
            names.add(contributed.getApiName());
        }
        typesByProvider.put(provider, names);
        Map<String, List<FieldDefinition>> extensions = provider.fieldExtensions();
        extensionsByProvider.put(provider, extensions);
        Set<String> affected = new LinkedHashSet<>(names);
        affected.addAll(extensions.keySet());
        affected.forEach(this::rebuild);
        applyMigrations(provider);
    }

    /** The capability the provider's bundle names in its manifest; null outside OSGi (unit tests) and for the platform's types. */
    private static String capabilityOf(RecordTypeProvider provider) {
        Bundle bundle = FrameworkUtil.getBundle(provider.getClass());
        return bundle == null ? null : bundle.getHeaders().get(RecordType.CAPABILITY_HEADER);
    }

    /**
     * Puts a type together from its contribution, the fields other providers add to it and its custom fields, with
     * its table in step; or withdraws it when its provider is gone.
     */
    private void rebuild(String typeName) {
        RecordType contributed = contributedTypes.get(typeName);
        if (contributed == null) {
            types.remove(typeName);
            return;
        }
        try {
            RecordType withExtras = database.inTransaction(c -> {
                RecordType t = withExtensions(contributed);
                database.dialect().lockAcrossNodes(c, SCHEMA_LOCK);
                SchemaManager.sync(c, database.dialect(), t);
                return withCustomFields(c, t);
            });
            types.put(typeName, withExtras);
        } catch (RuntimeException e) {
            types.remove(typeName);
            LOG.error("Cannot register record type {}: {}", typeName, e.getMessage(), e);
        }
    }

    /** What a change of custom fields can change about a type's fields. */
    private static List<String> fieldStates(RecordType type) {
        return type.getFields().stream().map(f -> f.getApiName() + ":" + f.getSearchState() + ":" + f.getIndexState()).toList();
    }

    private RecordType withExtensions(RecordType contributed) {
        RecordType t = contributed;
        for (Map<String, List<FieldDefinition>> extensions : extensionsByProvider.values()) {
            for (FieldDefinition extra : extensions.getOrDefault(contributed.getApiName(), List.of())) {
                if (t.field(extra.getApiName()).isEmpty()) {
                    t = t.withField(extra);
                }
            }
        }
        return t;
    }

    private static RecordType withCustomFields(Connection c, RecordType type) throws SQLException {
        RecordType t = type;
        for (FieldDefinition custom : loadCustomFields(c, type.getApiName())) {
            if (t.field(custom.getApiName()).isEmpty()) {
                t = t.withField(custom);
            }
        }
        return t;
    }

    /**
     * Another node added custom fields (or this one may have missed that): reads the types' custom fields again. Their
     * columns are there: the other node added them in the same transaction.
     */
    synchronized void reloadCustomFields(Set<String> typeNames) {
        for (String typeName : typeNames) {
            RecordType contributed = contributedTypes.get(typeName);
            RecordType current = types.get(typeName);
            if (contributed == null || current == null) {
                continue; // not here (its capability is not installed on this node), or it failed to register
            }
            RecordType reloaded = database.read(c -> withCustomFields(c, withExtensions(contributed)));
            // Custom fields are added, made searchable or indexed (or no longer), or their rule on delete changes: the type as read now is the type.
            types.put(typeName, reloaded);
            if (!fieldStates(reloaded).equals(fieldStates(current))) {
                LOG.info("Record type {} changed: its fields are read again", typeName);
            }
        }
    }

    /** The provider's own data migrations, after its tables are in step; a failure is retried at the next start. */
    private void applyMigrations(RecordTypeProvider provider) {
        try {
            new ContributedMigrations(database).migrate(provider.getClass().getName(), provider.migrations());
        } catch (RuntimeException e) {
            LOG.error("A data migration of {} failed; it is tried again at the next start: {}", provider.getClass().getName(), e.getMessage(), e);
        }
    }

    public synchronized void removeProvider(RecordTypeProvider provider) {
        Set<String> affected = new LinkedHashSet<>(typesByProvider.getOrDefault(provider, List.of()));
        affected.forEach(contributedTypes::remove);
        typesByProvider.remove(provider);
        Map<String, List<FieldDefinition>> extensions = extensionsByProvider.remove(provider);
        if (extensions != null) {
            affected.addAll(extensions.keySet());
        }
        affected.forEach(this::rebuild);
    }

    @Override
    public List<RecordType> types() {
        return types.values().stream().sorted(Comparator.comparing(RecordType::getApiName)).toList();
    }

    @Override
    public Optional<RecordType> type(String apiName) {
        return Optional.ofNullable(types.get(apiName));
    }

    @Override
    public Optional<RecordType> typeByPluralName(String plural) {
        return types.values().stream().filter(t -> t.getPluralApiName().equals(plural)).findFirst();
    }

    public RecordType requireType(String apiName) {
        return type(apiName).orElseThrow(() -> new RecordNotFoundException("No record type '" + apiName + "'"));
    }

    @Override
    public synchronized RecordType addCustomField(Actor actor, String typeApiName, FieldDefinition requested) {
        if (!actor.isAdmin()) {
            throw new AccessDeniedException("Only administrators may add fields");
        }
        requireType(typeApiName);
        // Made searchable later (setFieldIndexing), once its column is there; an index asked for now is made with the column.
        FieldDefinition field = requested.toBuilder().custom(true).searchable(false).searchState(BuildState.OFF)
                .indexState(requested.isIndexed() ? BuildState.READY : BuildState.OFF).build();
        RecordType extended = database.inTransaction(c -> {
            database.dialect().lockAcrossNodes(c, SCHEMA_LOCK);
            // As the database has it now: another node may have just added a field of the same name.
            RecordType type = withCustomFields(c, withExtensions(contributedTypes.get(typeApiName)));
            validate(type, field);
            // A default is kept in its text form, as it is stored and reloaded after a restart.
            FieldDefinition added = field.getDefaultValue() == null ? field
                    : field.toBuilder().defaultValue(ValueConverter.format(convertedDefault(field))).build();
            SchemaManager.addColumn(c, database.dialect(), type, added);
            insertCustomField(c, type.getApiName(), added, actor);
            cluster.publish(TOPIC, type.getApiName());
            return type.withField(added);
        });
        types.put(typeApiName, extended);
        LOG.info("{} added custom field {} to {}", actor.userName(), field, typeApiName);
        return extended;
    }

    @Override
    public synchronized RecordType changeDeleteRule(Actor actor, String typeApiName, String fieldApiName, DeleteRule rule) {
        if (!actor.isAdmin()) {
            throw new AccessDeniedException("Only administrators may change fields");
        }
        requireType(typeApiName);
        Objects.requireNonNull(rule, "rule");
        RecordType changed = database.inTransaction(c -> {
            database.dialect().lockAcrossNodes(c, SCHEMA_LOCK);
            RecordType type = withCustomFields(c, withExtensions(contributedTypes.get(typeApiName)));
            FieldDefinition field = type.field(fieldApiName)
                    .orElseThrow(() -> new RecordNotFoundException("No field '" + fieldApiName + "' in " + typeApiName));
            if (!field.isCustom() || field.getType() != FieldType.REFERENCE) {
                throw new ValidationException(ON_DELETE, "custom", fieldApiName + " is not a custom reference: a standard field's rule "
                        + "is declared by its capability");
            }
            if (rule == DeleteRule.SET_NULL && field.isRequired()) {
                throw new ValidationException(ON_DELETE, "required", REQUIRED_NOT_CLEARED);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE rapport_custom_field SET on_delete = ? WHERE record_type = ? AND api_name = ?")) {
                ps.setString(1, rule.name());
                ps.setString(2, typeApiName);
                ps.setString(3, fieldApiName);
                ps.executeUpdate();
            }
            cluster.publish(TOPIC, typeApiName);
            return withCustomFields(c, withExtensions(contributedTypes.get(typeApiName)));
        });
        types.put(typeApiName, changed);
        LOG.info("{} set the rule on delete of {}.{} to {}", actor.userName(), typeApiName, fieldApiName, rule);
        return changed;
    }

    @Override
    public RecordType setFieldIndexing(Actor actor, String typeApiName, String fieldApiName, Boolean searchable, Boolean indexed) {
        if (!actor.isAdmin()) {
            throw new AccessDeniedException("Only administrators may make fields searchable or indexed");
        }
        FieldDefinition field = requireType(typeApiName).field(fieldApiName)
                .orElseThrow(() -> new RecordNotFoundException("No field '" + fieldApiName + "' in record type '" + typeApiName + "'"));
        List<FieldError> errors = new ArrayList<>();
        if (!field.isCustom()) {
            String property = searchable != null || indexed == null ? "searchable" : "indexed";
            errors.add(new FieldError(property, "standard", fieldApiName + " is a standard field: it stays as " + typeApiName + " declares it"));
        }
        if (Boolean.TRUE.equals(searchable) && !field.getType().isTextual()) {
            errors.add(new FieldError("searchable", "type", "only text fields can be searched; " + fieldApiName + " is " + field.getType()));
        }
        if (Boolean.TRUE.equals(indexed) && !field.getType().isComparable()) {
            errors.add(new FieldError("indexed", "type", "a " + field.getType() + " field cannot be indexed"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        boolean changed = database.inTransaction(c -> {
            database.dialect().lockAcrossNodes(c, SCHEMA_LOCK);
            BuildStates now = buildStates(c, typeApiName, fieldApiName).orElseThrow();
            BuildStates wanted = new BuildStates(switched(now.search(), searchable), switched(now.index(), indexed));
            if (wanted.equals(now)) {
                return false;
            }
            updateBuildStates(c, typeApiName, fieldApiName, wanted);
            // A task per switch: one of an earlier switch may still be running. Every step is idempotent, and a build
            // marks the field ready only if its states are still the ones it built.
            scheduler.schedule(FieldIndexBuilds.HANDLER, typeApiName + "." + fieldApiName + "." + java.util.UUID.randomUUID(),
                    Instant.now(), Map.of(FieldIndexBuilds.TYPE, typeApiName, FieldIndexBuilds.FIELD, fieldApiName));
            cluster.publish(TOPIC, typeApiName);
            return true;
        });
        if (changed) {
            reloadCustomFields(Set.of(typeApiName));
            LOG.info("{} made field {} of {} searchable: {}, indexed: {}", actor.userName(), fieldApiName, typeApiName, searchable, indexed);
        }
        return requireType(typeApiName);
    }

    /** A state switched on (kept if already on, built again if it failed) or off; null keeps it. */
    private static BuildState switched(BuildState state, Boolean on) {
        if (on == null) {
            return state;
        }
        return !on ? BuildState.OFF : state == BuildState.READY || state == BuildState.BUILDING ? state : BuildState.BUILDING;
    }

    /** Where making a custom field searchable and indexing it stand, as the database has it. */
    public record BuildStates(BuildState search, BuildState index) {
    }

    /** The field's build states as stored; empty if it is no custom field (any more). */
    public Optional<BuildStates> buildStates(String typeApiName, String fieldApiName) {
        return database.read(c -> buildStates(c, typeApiName, fieldApiName));
    }

    private static Optional<BuildStates> buildStates(Connection c, String typeApiName, String fieldApiName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT search_state, index_state FROM rapport_custom_field "
                + "WHERE record_type = ? AND api_name = ?")) {
            ps.setString(1, typeApiName);
            ps.setString(2, fieldApiName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new BuildStates(state(rs, "search_state"), state(rs, "index_state"))) : Optional.empty();
            }
        }
    }

    private static void updateBuildStates(Connection c, String typeApiName, String fieldApiName, BuildStates states) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rapport_custom_field SET search_state = ?, index_state = ? "
                + "WHERE record_type = ? AND api_name = ?")) {
            ps.setString(1, states.search().name());
            ps.setString(2, states.index().name());
            ps.setString(3, typeApiName);
            ps.setString(4, fieldApiName);
            ps.executeUpdate();
        }
    }

    /**
     * A build finished for the states {@code built}: what was being built is now {@code outcome} (ready or failed), and
     * every node reads the type again. Nothing changes if an administrator switched the field since.
     *
     * @return whether the states were still {@code built}
     */
    boolean finishBuild(String typeApiName, String fieldApiName, BuildStates built, BuildState outcome) {
        boolean current = database.inTransaction(c -> {
            database.dialect().lockAcrossNodes(c, SCHEMA_LOCK);
            if (!buildStates(c, typeApiName, fieldApiName).equals(Optional.of(built))) {
                return false;
            }
            BuildStates finished = new BuildStates(built.search() == BuildState.BUILDING ? outcome : built.search(),
                    built.index() == BuildState.BUILDING ? outcome : built.index());
            if (!finished.equals(built)) {
                updateBuildStates(c, typeApiName, fieldApiName, finished);
                cluster.publish(TOPIC, typeApiName);
            }
            return true;
        });
        reloadCustomFields(Set.of(typeApiName));
        return current;
    }

    private void validate(RecordType type, FieldDefinition f) {
        List<FieldError> errors = new ArrayList<>();
        String name = f.getApiName();
        if (!FieldDefinition.API_NAME.matcher(name).matches()) {
            errors.add(new FieldError("apiName", "format", "must start with a lower-case letter and contain only letters and digits (at most 40)"));
        } else if (SystemFields.isSystem(name) || type.field(name).isPresent()) {
            errors.add(new FieldError("apiName", "unique", type.getApiName() + " already has a field '" + name + "'"));
        }
        if (f.getLabel().isBlank() || f.getLabel().length() > 200) {
            errors.add(new FieldError("label", "required", "must be 1 to 200 characters"));
        }
        FieldType t = f.getType();
        if (t == FieldType.PICKLIST || t == FieldType.MULTI_PICKLIST) {
            List<String> values = f.getPicklistValues();
            if (values.isEmpty() || values.stream().anyMatch(v -> v == null || v.isBlank() || v.length() > 255 || v.contains(";"))
                    || new HashSet<>(values).size() != values.size()) {
                errors.add(new FieldError("picklistValues", "format", "needs one or more distinct values of 1 to 255 characters, without ';'"));
            }
        }
        if (t == FieldType.REFERENCE && (f.getReferenceTo() == null || type(f.getReferenceTo()).isEmpty())) {
            errors.add(new FieldError("referenceTo", "unknown", "must name a record type, one of " + types.keySet()));
        }
        if (f.getMaxLength() != null && (t != FieldType.TEXT && t != FieldType.LONG_TEXT
                || f.getMaxLength() < 1 || f.getMaxLength() > (t == FieldType.TEXT ? MAX_TEXT_LENGTH : FieldDefinition.LONG_TEXT_LENGTH))) {
            errors.add(new FieldError("maxLength", "range", "applies to text (1 to " + MAX_TEXT_LENGTH + ") and long text (up to "
                    + FieldDefinition.LONG_TEXT_LENGTH + ")"));
        }
        if (f.getScale() != null && (t != FieldType.DECIMAL && t != FieldType.MONEY && t != FieldType.PERCENT
                || f.getScale() < 0 || f.getScale() > MAX_SCALE)) {
            errors.add(new FieldError("scale", "range", "applies to decimal, money and percent fields, 0 to " + MAX_SCALE));
        }
        if (f.isUnique() && (t == FieldType.LONG_TEXT || t == FieldType.MULTI_PICKLIST || t == FieldType.BOOLEAN)) {
            errors.add(new FieldError("unique", "type", "a " + t + " field cannot be unique"));
        }
        if (f.getDefaultValue() != null && errors.isEmpty()) {
            if (f.isUnique()) {
                errors.add(new FieldError("defaultValue", "unique", "a unique field cannot have a default value"));
            } else {
                try {
                    ValueConverter.convert(f, f.getDefaultValue());
                } catch (ValueConverter.InvalidValue e) {
                    errors.add(new FieldError("defaultValue", e.error().code(), e.getMessage()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private static void insertCustomField(Connection c, String type, FieldDefinition f, Actor actor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_custom_field (record_type, api_name, label, field_type, "
                + "required, unique_value, max_length, scale, default_value, picklist_values, reference_to, created_at, created_by, "
                + "on_delete, search_state, index_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, type);
            ps.setString(2, f.getApiName());
            ps.setString(3, f.getLabel());
            ps.setString(4, f.getType().name());
            ps.setBoolean(5, f.isRequired());
            ps.setBoolean(6, f.isUnique());
            ps.setObject(7, f.getMaxLength(), java.sql.Types.INTEGER);
            ps.setObject(8, f.getScale(), java.sql.Types.INTEGER);
            ps.setString(9, (String) f.getDefaultValue());
            ps.setString(10, f.getPicklistValues().isEmpty() ? null : String.join(";", f.getPicklistValues()));
            ps.setString(11, f.getReferenceTo());
            ps.setTimestamp(12, Timestamp.from(Instant.now()));
            ps.setString(13, actor.userId());
            ps.setString(14, f.getOnDelete() == null ? null : f.getOnDelete().name());
            ps.setString(15, f.getSearchState().name());
            ps.setString(16, f.getIndexState().name()); // indexed when added: its index was made with the column
            ps.executeUpdate();
        }
    }

    private static BuildState state(ResultSet rs, String column) throws SQLException {
        String state = rs.getString(column);
        return state == null ? BuildState.OFF : BuildState.valueOf(state);
    }

    private static Object convertedDefault(FieldDefinition f) {
        try {
            return ValueConverter.convert(f, f.getDefaultValue());
        } catch (ValueConverter.InvalidValue e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<FieldDefinition> loadCustomFields(Connection c, String type) throws SQLException {
        List<FieldDefinition> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM rapport_custom_field WHERE record_type = ? ORDER BY created_at")) {
            ps.setString(1, type);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String picklist = rs.getString("picklist_values");
                    String onDelete = rs.getString("on_delete");
                    result.add(FieldDefinition.builder(rs.getString("api_name"), FieldType.valueOf(rs.getString("field_type")))
                            .label(rs.getString("label")).required(rs.getBoolean("required")).unique(rs.getBoolean("unique_value"))
                            .maxLength((Integer) rs.getObject("max_length")).scale((Integer) rs.getObject("scale"))
                            .defaultValue(rs.getString("default_value"))
                            .picklistValues(picklist == null ? List.of() : Arrays.asList(picklist.split(";")))
                            .referenceTo(rs.getString("reference_to"))
                            .onDelete(onDelete == null ? null : DeleteRule.valueOf(onDelete)).custom(true)
                            .searchable(state(rs, "search_state") == BuildState.READY).searchState(state(rs, "search_state"))
                            .indexed(state(rs, "index_state") == BuildState.READY).indexState(state(rs, "index_state")).build());
                }
            }
        }
        return result;
    }
}
