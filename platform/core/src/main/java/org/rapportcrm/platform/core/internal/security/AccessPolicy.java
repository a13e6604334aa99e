package org.rapportcrm.platform.core.internal.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Grant;
import org.rapportcrm.platform.api.security.Permission;
import org.rapportcrm.platform.api.security.RoleDefinition;
import org.rapportcrm.platform.api.security.RoleService;
import org.rapportcrm.platform.api.security.TypeAccess;
import org.rapportcrm.platform.core.internal.metadata.MetadataRegistry;
import org.rapportcrm.platform.core.internal.record.SqlCondition;

/**
 * The one place where record permissions are decided, for REST, console, shell and extensions alike: a role's grant
 * for a type (or its grant for every type) gives a scope per action, several roles add up to the widest scope, and
 * named permissions (transfer, export, manage settings) are held by a role or not.
 */
@Component(service = {AccessPolicy.class, RoleService.class})
public class AccessPolicy implements RoleService {
    public enum Action { READ, EDIT, DELETE }

    private final MetadataRegistry metadata;
    private final Map<String, RoleDefinition> roles;

    @Activate
    public AccessPolicy(@Reference MetadataRegistry metadata) {
        this.metadata = metadata;
        this.roles = BuiltInRoles.DEFAULTS.stream().collect(Collectors.toMap(RoleDefinition::name, Function.identity()));
    }

    @Override
    public List<RoleDefinition> roles(Actor actor) {
        return roles.values().stream().sorted(java.util.Comparator.comparing(RoleDefinition::name)).toList();
    }

    @Override
    public Optional<RoleDefinition> role(Actor actor, String name) {
        return Optional.ofNullable(roles.get(name));
    }

    /** Whether a role of this name exists, for users given it. */
    public boolean exists(String roleName) {
        return roles.containsKey(roleName);
    }

    @Override
    public boolean hasPermission(Actor actor, String permission) {
        return actor.isAdmin() || actor.roles().stream().map(roles::get).anyMatch(r -> r != null && r.permissions().contains(permission));
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
        return new TypeAccess(recordType, scope(actor, recordType, Action.READ), mayCreate(actor, recordType),
                scope(actor, recordType, Action.EDIT), scope(actor, recordType, Action.DELETE), Set.of(), Set.of());
    }

    public boolean mayCreate(Actor actor, String type) {
        Optional<Boolean> byKind = writableByKind(actor, type);
        if (byKind.isPresent()) {
            return byKind.get();
        }
        return actor.isAdmin() || grants(actor, type).stream().anyMatch(Grant::create);
    }

    public void checkCreate(Actor actor, String type) {
        if (!mayCreate(actor, type)) {
            throw refusal(actor, type, "create");
        }
    }

    /**
     * Configuration types are written with the manage-settings permission alone, system types by the platform alone,
     * whatever a role's grants say; empty for data types, whose grants decide.
     */
    private Optional<Boolean> writableByKind(Actor actor, String type) {
        RecordType.Kind kind = metadata.type(type).map(RecordType::getKind).orElse(RecordType.Kind.DATA);
        return switch (kind) {
            case DATA -> Optional.empty();
            case CONFIGURATION -> Optional.of(hasPermission(actor, Permission.MANAGE_SETTINGS));
            case SYSTEM -> Optional.of(actor.isSystem());
        };
    }

    private AccessDeniedException refusal(Actor actor, String type, String verb) {
        RecordType.Kind kind = metadata.type(type).map(RecordType::getKind).orElse(RecordType.Kind.DATA);
        return new AccessDeniedException(switch (kind) {
            case DATA -> actor.userName() + " may not " + verb + " " + type + " records";
            case CONFIGURATION -> type + " records are settings: to " + verb + " them needs the permission '" + Permission.MANAGE_SETTINGS + "'";
            case SYSTEM -> type + " records are kept by Rapport itself and cannot be written";
        });
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
        if (action != Action.READ) {
            Optional<Boolean> byKind = writableByKind(actor, type);
            if (byKind.isPresent()) {
                return byKind.get() ? AccessScope.ALL : AccessScope.NONE;
            }
        }
        if (actor.isAdmin()) {
            return AccessScope.ALL;
        }
        AccessScope widest = AccessScope.NONE;
        for (Grant g : grants(actor, type)) {
            AccessScope s = switch (action) {
                case READ -> g.read();
                case EDIT -> g.edit();
                case DELETE -> g.delete();
            };
            if (s.compareTo(widest) > 0) {
                widest = s;
            }
        }
        return widest;
    }

    /** The rows the actor may act on, as SQL on the owner column; refuses outright when the scope is none. */
    public SqlCondition condition(Actor actor, String type, Action action) {
        AccessScope scope = scope(actor, type, action);
        return switch (scope) {
            case ALL -> SqlCondition.TRUE;
            case NONE -> throw new AccessDeniedException(actor.userName() + " may not " + action.name().toLowerCase(Locale.ROOT) + " " + type + " records");
            case OWN -> new SqlCondition("owner_id = ?", List.of(actor.userId()));
            case TEAM -> {
                if (actor.teamIds().isEmpty()) {
                    yield new SqlCondition("owner_id = ?", List.of(actor.userId()));
                }
                List<Object> params = new ArrayList<>(List.of(actor.userId()));
                params.addAll(actor.teamIds());
                yield new SqlCondition("owner_id = ? OR owner_id IN (SELECT user_id FROM rapport_team_member WHERE team_id IN ("
                        + String.join(", ", actor.teamIds().stream().map(t -> "?").toList()) + "))", params);
            }
        };
    }

    private List<Grant> grants(Actor actor, String type) {
        List<Grant> result = new ArrayList<>();
        for (String roleName : actor.roles()) {
            RoleDefinition role = roles.get(roleName);
            if (role == null) {
                continue;
            }
            // A grant for the type itself replaces the role's grant for every type.
            List<Grant> specific = role.grants().stream().filter(g -> g.recordType().equals(type)).toList();
            result.addAll(specific.isEmpty()
                    ? role.grants().stream().filter(g -> g.recordType().equals(Grant.ANY_TYPE)).toList() : specific);
        }
        return result;
    }
}
