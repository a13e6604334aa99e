package org.rapportcrm.platform.core.internal.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.ExternalPortal;
import org.rapportcrm.platform.api.security.Permission;
import org.rapportcrm.platform.api.security.PublicSharingRule;
import org.rapportcrm.platform.api.security.Role;
import org.rapportcrm.platform.api.security.RoleDefinition;
import org.rapportcrm.platform.api.security.RoleService;
import org.rapportcrm.platform.api.security.SharingRule;
import org.rapportcrm.platform.api.security.TypeAccess;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.metadata.MetadataRegistry;
import org.rapportcrm.platform.core.internal.record.SqlCondition;
import org.rapportcrm.platform.core.internal.security.entity.EntityTables;

/**
 * The one place where record permissions are decided, for REST, console, shell and extensions alike: roles' grants
 * give a scope per action and type, named permissions are held or not, field-level security hides fields or keeps
 * them read-only, and a type's kind can override the grants (settings need the manage-settings permission, system
 * records are written by the platform alone).
 *
 * <p>An external principal (a portal user) reaches, on top of that, only records a {@link SharingRule} shares with its
 * account, and reads those a {@link PublicSharingRule} shares with every external principal; it holds no named
 * permission and is never an administrator.
 *
 * <p>Roles are the built-in defaults overlaid with what administrators stored. They are cached, and what a combination
 * of roles allows is worked out once per type: a permission check costs map look-ups, not queries. A role changed on
 * this node applies at once; one changed on another node within {@code recheckSeconds}, when a cheap read of the role
 * revision shows it.
 */
@Component(service = {AccessPolicy.class, RoleService.class}, configurationPid = AccessPolicy.PID)
@Designate(ocd = AccessPolicy.Config.class)
public class AccessPolicy implements RoleService {
    public static final String PID = "org.rapportcrm.roles";

    public enum Action { READ, EDIT, DELETE }

    @ObjectClassDefinition(name = "Rapport roles")
    public @interface Config {
        @AttributeDefinition(name = "Re-check roles after (seconds)", description = "How often a node reads whether another "
                + "node changed a role (one small query); changes made on this node apply at once")
        int recheckSeconds() default 5;
    }

    /** The roles as last read, and what each combination of them allows. */
    private static final class Snapshot {
        final long revision;
        final Map<String, RoleDefinition> roles;
        final Map<Set<String>, CompiledRoles> compiled = new ConcurrentHashMap<>();
        volatile Instant checkedAt;

        Snapshot(long revision, Map<String, RoleDefinition> roles, Instant checkedAt) {
            this.revision = revision;
            this.roles = roles;
            this.checkedAt = checkedAt;
        }
    }

    private final MetadataRegistry metadata;
    private final Database database;
    private final RoleStore store = new RoleStore();
    private final RoleAdministration administration;
    private final Duration recheck;
    private final Clock clock = Clock.systemUTC();
    private volatile Snapshot snapshot;
    private final SharedRecords sharing;

    @Activate
    public AccessPolicy(@Reference MetadataRegistry metadata, @Reference Database database, Config config) {
        this.metadata = metadata;
        this.database = database;
        this.administration = new RoleAdministration(database, metadata, store);
        this.recheck = Duration.ofSeconds(Math.max(0, config.recheckSeconds()));
        this.sharing = new SharedRecords(metadata);
        this.snapshot = load();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void addSharingRule(SharingRule rule) {
        sharing.add(rule);
    }

    public void removeSharingRule(SharingRule rule) {
        sharing.remove(rule);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void addPublicSharingRule(PublicSharingRule rule) {
        sharing.add(rule);
    }

    public void removePublicSharingRule(PublicSharingRule rule) {
        sharing.remove(rule);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void addExternalPortal(ExternalPortal portal) {
        sharing.add(portal);
    }

    public void removeExternalPortal(ExternalPortal portal) {
        sharing.remove(portal);
    }

    // ---- roles, as the API offers them ----

    @Override
    public List<RoleDefinition> roles(Actor actor) {
        requireSignedIn(actor);
        return current().roles.values().stream().filter(r -> !actor.isExternal() || actor.roles().contains(r.name()))
                .sorted(Comparator.comparing(RoleDefinition::name)).toList();
    }

    @Override
    public Optional<RoleDefinition> role(Actor actor, String name) {
        requireSignedIn(actor);
        return Optional.ofNullable(current().roles.get(name)).filter(r -> !actor.isExternal() || actor.roles().contains(r.name()));
    }

    /** Whether a role of this name exists, for users given it. */
    public boolean exists(String roleName) {
        return current().roles.containsKey(roleName);
    }

    @Override
    public RoleDefinition create(Actor actor, RoleDefinition role) {
        return changingRoles(roles -> administration.create(actor, role, roles));
    }

    @Override
    public RoleDefinition update(Actor actor, String name, long expectedVersion, RoleDefinition role) {
        return changingRoles(roles -> administration.update(actor, name, expectedVersion, role, roles));
    }

    @Override
    public void delete(Actor actor, String name, long expectedVersion) {
        changingRoles(roles -> {
            administration.delete(actor, name, expectedVersion, roles);
            return null;
        });
    }

    @Override
    public RoleDefinition reset(Actor actor, String name) {
        return changingRoles(roles -> administration.reset(actor, name, roles));
    }

    /** A change of roles, made against the roles as stored now and in force on this node as soon as it is made. */
    private <T> T changingRoles(Function<Map<String, RoleDefinition>, T> change) {
        try {
            return change.apply(reload().roles);
        } finally {
            reload();
        }
    }

    // ---- decisions ----

    @Override
    public boolean hasPermission(Actor actor, String permission) {
        return actor.isAdmin() || !actor.isExternal() && compiled(actor).hasPermission(permission);
    }

    public void checkPermission(Actor actor, String permission, String what, String field) {
        if (!hasPermission(actor, permission)) {
            throw new AccessDeniedException(actor.userName() + " may not " + what + " (needs the permission '" + permission + "')", field);
        }
    }

    /** Owners change only with the transfer permission: on create, an owner other than yourself; on update, any other. */
    public void checkOwner(Actor actor, String type, String currentOwner, Object requestedOwner, boolean creating) {
        if (actor.isSystem() || requestedOwner != null && requestedOwner.equals(creating ? actor.userId() : currentOwner)) {
            return;
        }
        checkPermission(actor, Permission.TRANSFER, creating ? "create " + type + " records owned by someone else"
                : "give this " + type + " to another owner", "owner");
    }

    @Override
    public TypeAccess access(Actor actor, String recordType) {
        CompiledRoles.TypeRules rules = rules(actor, recordType);
        return new TypeAccess(recordType, scope(actor, recordType, Action.READ), mayCreate(actor, recordType),
                scope(actor, recordType, Action.EDIT), scope(actor, recordType, Action.DELETE), rules.hidden(), rules.readOnly());
    }

    public boolean mayCreate(Actor actor, String type) {
        Optional<Boolean> byKind = writableByKind(actor, type);
        if (byKind.isPresent()) {
            return byKind.get();
        }
        if (actor.isExternal() && !sharing.shares(type)) {
            return false; // what is only shared with every external principal is theirs to read, never to add to
        }
        return actor.isAdmin() || rules(actor, type).create();
    }

    public void checkCreate(Actor actor, String type) {
        if (!mayCreate(actor, type)) {
            throw refusal(actor, type, "create");
        }
    }

    /**
     * Refuses at once a role that may not edit (or delete) any record of the type, before its input is read or a
     * record is looked up: the caller is owed a 403, not a 404, 409 or 422.
     */
    public void checkMayChange(Actor actor, String type, Action action) {
        if (scope(actor, type, action) == AccessScope.NONE) {
            throw refusal(actor, type, action.name().toLowerCase(Locale.ROOT));
        }
    }

    public AccessScope scope(Actor actor, String type, Action action) {
        if (kind(type) == RecordType.Kind.INTERNAL) {
            return actor.isSystem() ? AccessScope.ALL : AccessScope.NONE;
        }
        if (action != Action.READ) {
            Optional<Boolean> byKind = writableByKind(actor, type);
            if (byKind.isPresent()) {
                return byKind.get() ? AccessScope.ALL : AccessScope.NONE;
            }
        }
        if (actor.isAdmin()) {
            return AccessScope.ALL;
        }
        if (actor.isExternal() && !(action == Action.READ ? sharing.sharesForReading(type) : sharing.shares(type))) {
            return AccessScope.NONE;
        }
        CompiledRoles.TypeRules rules = rules(actor, type);
        return switch (action) {
            case READ -> rules.read();
            case EDIT -> rules.edit();
            case DELETE -> rules.delete();
        };
    }

    /**
     * The rows the actor may act on, as SQL on the owner column, and for an external principal also on the path to its
     * account (or, to read, on what is shared with every external principal); refuses outright when the scope is none.
     * Every read and change of records passes here.
     */
    public SqlCondition condition(Actor actor, String type, Action action) {
        SqlCondition byOwner = ownerCondition(actor, type, action);
        return actor.isExternal()
                ? SqlCondition.and(List.of(byOwner, sharing.condition(type, actor, action == Action.READ)))
                : byOwner;
    }

    /**
     * The records of the type shared with the external principal (its account's, or its own where its portal says so):
     * those it may write, as far as its roles allow.
     */
    public SqlCondition sharedWithAccount(Actor actor, String type) {
        return sharing.condition(type, actor, false);
    }

    private SqlCondition ownerCondition(Actor actor, String type, Action action) {
        AccessScope scope = scope(actor, type, action);
        return switch (scope) {
            case ALL -> SqlCondition.TRUE;
            case NONE -> throw refusal(actor, type, action.name().toLowerCase(Locale.ROOT));
            case OWN -> new SqlCondition("owner_id = ?", List.of(actor.userId()));
            case TEAM -> {
                if (actor.teamIds().isEmpty()) {
                    yield new SqlCondition("owner_id = ?", List.of(actor.userId()));
                }
                List<Object> params = new ArrayList<>(List.of(actor.userId()));
                params.addAll(actor.teamIds());
                yield new SqlCondition("owner_id = ? OR owner_id IN (SELECT " + EntityTables.TEAM_MEMBERS_USER + " FROM " + EntityTables.TEAM_MEMBERS
                        + " WHERE " + EntityTables.TEAM_MEMBERS_TEAM + " IN ("
                        + String.join(", ", actor.teamIds().stream().map(t -> "?").toList()) + "))", params);
            }
        };
    }

    // ---- field-level security ----

    /**
     * The type as the actor sees it: without the fields hidden from it. Reads, filters, sorts, searches and exports go
     * through this view, so a hidden field is never read, and a filter or sort on it is an unknown field: no oracle.
     */
    @Override
    public RecordType view(Actor actor, RecordType type) {
        return actor.isAdmin() ? type : compiled(actor).view(type);
    }

    public Set<String> hiddenFields(Actor actor, String type) {
        return actor.isAdmin() ? Set.of() : rules(actor, type).hidden();
    }

    /** A record as the actor may see it: the values of hidden fields left out. */
    public Record redact(Actor actor, Record record) {
        Set<String> hidden = hiddenFields(actor, record.getType());
        if (hidden.isEmpty()) {
            return record;
        }
        Map<String, Object> visible = new LinkedHashMap<>(record.getValues());
        visible.keySet().removeAll(hidden);
        return new Record(record.getType(), record.getId(), record.getVersion(), record.getOwner(), record.getCreatedAt(),
                record.getUpdatedAt(), record.getCreatedBy(), record.getUpdatedBy(), visible);
    }

    /**
     * Refuses values for fields the actor may not change: any value on create, a different one on update (so sending
     * back a record as it was read is fine).
     */
    public void checkEditable(Actor actor, RecordType type, Record before, Map<String, Object> converted) {
        if (actor.isAdmin()) {
            return;
        }
        Set<String> readOnly = rules(actor, type.getApiName()).readOnly();
        for (String field : converted.keySet()) {
            if (readOnly.contains(field) && (before == null ? converted.get(field) != null : !Objects.equals(before.get(field), converted.get(field)))) {
                throw new AccessDeniedException(actor.userName() + " may not change the field '" + field + "' of " + type.getApiName() + " records", field);
            }
        }
    }

    // ---- internals ----

    /**
     * Configuration types are written with the manage-settings permission alone, system and internal types by the platform alone,
     * whatever a role's grants say; empty for data types, whose grants decide.
     */
    private Optional<Boolean> writableByKind(Actor actor, String type) {
        return switch (kind(type)) {
            case DATA -> Optional.empty();
            case CONFIGURATION -> Optional.of(hasPermission(actor, Permission.MANAGE_SETTINGS));
            case SYSTEM, INTERNAL -> Optional.of(actor.isSystem());
        };
    }

    private RecordType.Kind kind(String type) {
        return metadata.type(type).map(RecordType::getKind).orElse(RecordType.Kind.DATA);
    }

    private AccessDeniedException refusal(Actor actor, String type, String verb) {
        return new AccessDeniedException(switch (kind(type)) {
            case DATA -> actor.userName() + " may not " + verb + " " + type + " records";
            case CONFIGURATION -> type + " records are settings: only administrators and roles with the permission '"
                    + Permission.MANAGE_SETTINGS + "' may " + verb + " them";
            case SYSTEM -> type + " records are kept by Rapport itself and cannot be written";
            case INTERNAL -> type + " records are Rapport's own bookkeeping";
        });
    }

    private CompiledRoles.TypeRules rules(Actor actor, String type) {
        return compiled(actor).rules(type);
    }

    private CompiledRoles compiled(Actor actor) {
        Snapshot s = current();
        return s.compiled.computeIfAbsent(actor.roles(), names -> new CompiledRoles(names.stream().map(s.roles::get)
                .filter(Objects::nonNull).toList()));
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (Duration.between(s.checkedAt, now).compareTo(recheck) > 0) {
            long revision = database.read(store::revision);
            if (revision == s.revision) {
                s.checkedAt = now;
            } else {
                s = reload();
            }
        }
        return s;
    }

    private Snapshot reload() {
        Snapshot s = load();
        snapshot = s;
        return s;
    }

    private Snapshot load() {
        return database.read(c -> {
            long revision = store.revision(c);
            Map<String, RoleDefinition> roles = new LinkedHashMap<>();
            BuiltInRoles.DEFAULTS.forEach(r -> roles.put(r.name(), r));
            store.load(c).forEach((name, stored) -> {
                if (!name.equals(Role.ADMIN)) {
                    roles.put(name, stored);
                }
            });
            return new Snapshot(revision, Map.copyOf(roles), clock.instant());
        });
    }

    private static void requireSignedIn(Actor actor) {
        if (actor == null) {
            throw new AccessDeniedException("Sign in first");
        }
    }
}
