package org.rapportcrm.platform.core.internal.security;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.FieldGrant;
import org.rapportcrm.platform.api.security.Grant;
import org.rapportcrm.platform.api.security.Permission;
import org.rapportcrm.platform.api.security.Role;
import org.rapportcrm.platform.api.security.RoleDefinition;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.metadata.MetadataRegistry;

/**
 * Administrators' changes to roles: validated field by field, written with optimistic locking. A built-in role is
 * stored only once changed, and reset by forgetting the change.
 */
final class RoleAdministration {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,49}");
    private final Database database;
    private final MetadataRegistry metadata;
    private final RoleStore store;

    RoleAdministration(Database database, MetadataRegistry metadata, RoleStore store) {
        this.database = database;
        this.metadata = metadata;
        this.store = store;
    }

    RoleDefinition create(Actor actor, RoleDefinition role, Map<String, RoleDefinition> current) {
        requireAdmin(actor);
        List<FieldError> errors = new ArrayList<>();
        if (role.name() == null || !NAME.matcher(role.name()).matches()) {
            errors.add(new FieldError("name", "format", "must be 2 to 50 lower-case letters, digits or '-', starting with a letter"));
        } else if (current.containsKey(role.name())) {
            errors.add(new FieldError("name", "unique", "a role named '" + role.name() + "' exists"));
        }
        validate(role, errors);
        ValidationException.throwIfAny(errors);
        RoleDefinition created = new RoleDefinition(role.name(), role.label().strip(), role.grants(), role.fields(), role.permissions(), false, 1);
        database.inTransaction(c -> {
            store.insert(c, created);
            return null;
        });
        return created;
    }

    RoleDefinition update(Actor actor, String name, long expectedVersion, RoleDefinition role, Map<String, RoleDefinition> current) {
        requireAdmin(actor);
        RoleDefinition existing = existing(name, current);
        if (Role.ADMIN.equals(name)) {
            throw new AccessDeniedException("The administrator role may always do everything; create another role instead");
        }
        if (existing.version() != expectedVersion) {
            throw new StaleVersionException("role", name, expectedVersion, existing.version());
        }
        List<FieldError> errors = new ArrayList<>();
        if (role.name() != null && !role.name().equals(name)) {
            errors.add(new FieldError("name", "readOnly", "a role keeps its name; create another role instead"));
        }
        validate(role, errors);
        ValidationException.throwIfAny(errors);
        RoleDefinition updated = new RoleDefinition(name, role.label().strip(), role.grants(), role.fields(), role.permissions(),
                existing.builtIn(), expectedVersion + 1);
        boolean written = database.inTransaction(c -> {
            if (existing.builtIn() && !store.exists(c, name)) {
                try {
                    store.insert(c, updated); // a built-in role's first change
                } catch (SQLException e) {
                    if (database.dialect().isUniqueViolation(e)) {
                        return false; // another administrator's first change came first
                    }
                    throw e;
                }
                return true;
            }
            return store.update(c, updated, expectedVersion);
        });
        if (!written) {
            throw new StaleVersionException("role", name, expectedVersion, expectedVersion + 1);
        }
        return updated;
    }

    void delete(Actor actor, String name, long expectedVersion, Map<String, RoleDefinition> current) {
        requireAdmin(actor);
        RoleDefinition existing = existing(name, current);
        if (existing.builtIn()) {
            throw new ValidationException("name", "builtIn", "built-in roles cannot be deleted; reset it to its defaults instead");
        }
        if (existing.version() != expectedVersion) {
            throw new StaleVersionException("role", name, expectedVersion, existing.version());
        }
        boolean deleted = database.inTransaction(c -> {
            int users = store.users(c, name);
            if (users > 0) {
                throw new ValidationException("name", "inUse", users + " user(s) have the role '" + name + "'; give them another first");
            }
            return store.delete(c, name, expectedVersion);
        });
        if (!deleted) {
            throw new StaleVersionException("role", name, expectedVersion, expectedVersion + 1);
        }
    }

    RoleDefinition reset(Actor actor, String name, Map<String, RoleDefinition> current) {
        requireAdmin(actor);
        RoleDefinition existing = existing(name, current);
        RoleDefinition defaults = BuiltInRoles.role(name)
                .orElseThrow(() -> new ValidationException("name", "notBuiltIn", "only built-in roles can be reset"));
        database.inTransaction(c -> store.exists(c, name) && store.delete(c, name, existing.version()));
        return defaults;
    }

    private static RoleDefinition existing(String name, Map<String, RoleDefinition> current) {
        return Optional.ofNullable(current.get(name)).orElseThrow(() -> new RecordNotFoundException("role", name));
    }

    private void validate(RoleDefinition role, List<FieldError> errors) {
        if (role.label() == null || role.label().isBlank() || role.label().length() > 200) {
            errors.add(new FieldError("label", "required", "must be 1 to 200 characters"));
        }
        Set<String> typesGranted = new HashSet<>();
        // A built-in role keeps its default grants on capability types that are not installed (cases without the
        // service capability): inert until the type comes, and no reason to refuse an administrator's other changes.
        Set<String> defaultTypes = BuiltInRoles.role(role.name()).map(d -> d.grants().stream().map(Grant::recordType)
                .collect(java.util.stream.Collectors.toSet())).orElse(Set.of());
        for (Grant g : role.grants()) {
            if (g.recordType() == null || !g.recordType().equals(Grant.ANY_TYPE) && metadata.type(g.recordType()).isEmpty()
                    && !defaultTypes.contains(g.recordType())) {
                errors.add(new FieldError("grants", "reference", "no record type '" + g.recordType() + "' (use '*' for every type)"));
            } else if (!typesGranted.add(g.recordType())) {
                errors.add(new FieldError("grants", "unique", "'" + g.recordType() + "' is granted twice"));
            }
            if (g.read() == null || g.edit() == null || g.delete() == null) {
                errors.add(new FieldError("grants", "required", "a grant of '" + g.recordType() + "' needs read, edit and delete scopes"));
            }
        }
        Set<String> fieldsRuled = new HashSet<>();
        for (FieldGrant f : role.fields()) {
            Optional<RecordType> type = Optional.ofNullable(f.recordType()).flatMap(metadata::type);
            if (type.isEmpty() || f.field() == null || type.get().field(f.field()).isEmpty()) {
                errors.add(new FieldError("fields", "reference", "no field '" + f.field() + "' in record type '" + f.recordType() + "'"));
            } else if (!f.read() && type.get().getNameField().equals(f.field())) {
                errors.add(new FieldError("fields", "nameField", "'" + f.field() + "' names every " + f.recordType() + " and cannot be hidden"));
            } else if (!fieldsRuled.add(f.recordType() + "." + f.field())) {
                errors.add(new FieldError("fields", "unique", "'" + f.recordType() + "." + f.field() + "' is ruled twice"));
            }
        }
        for (String p : role.permissions()) {
            if (!Permission.ALL.contains(p)) {
                errors.add(new FieldError("permissions", "unknown", "'" + p + "' is not one of " + Permission.ALL.stream().sorted().toList()));
            }
        }
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.isAdmin()) {
            throw new AccessDeniedException("Only administrators may change roles");
        }
    }
}
