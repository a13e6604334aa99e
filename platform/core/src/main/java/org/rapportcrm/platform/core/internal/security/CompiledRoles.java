package org.rapportcrm.platform.core.internal.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.FieldGrant;
import org.rapportcrm.platform.api.security.Grant;
import org.rapportcrm.platform.api.security.RoleDefinition;

/**
 * What one combination of roles allows, worked out once per record type and kept until the roles change: the widest
 * scope per action (a role's grant for the type replaces its grant for every type), and the fields hidden from or
 * read-only for the combination. Permissions add up: a field is hidden only if no role that reads the type shows it,
 * read-only only if no role that writes the type lets it be edited.
 */
final class CompiledRoles {
    /** The rules for one type; scopes before the type's kind (settings, system records) is taken into account. */
    record TypeRules(AccessScope read, boolean create, AccessScope edit, AccessScope delete, Set<String> hidden, Set<String> readOnly) {
        static final TypeRules NOTHING = new TypeRules(AccessScope.NONE, false, AccessScope.NONE, AccessScope.NONE, Set.of(), Set.of());
    }

    private final List<RoleDefinition> roles;
    private final Set<String> permissions = new HashSet<>();
    private final Map<String, TypeRules> byType = new ConcurrentHashMap<>();
    /** The view of each type, with the type it was made from: a type changed since (a custom field) gets a new view. */
    private final Map<String, View> views = new ConcurrentHashMap<>();

    private record View(RecordType source, RecordType view) {
    }

    CompiledRoles(List<RoleDefinition> roles) {
        this.roles = List.copyOf(roles);
        roles.forEach(r -> permissions.addAll(r.permissions()));
    }

    boolean hasPermission(String permission) {
        return permissions.contains(permission);
    }

    TypeRules rules(String type) {
        return byType.computeIfAbsent(type, this::compile);
    }

    /** The type without the fields hidden from these roles (never without the field that names its records). */
    RecordType view(RecordType type) {
        Set<String> hidden = rules(type.getApiName()).hidden();
        if (hidden.isEmpty()) {
            return type;
        }
        View cached = views.get(type.getApiName());
        if (cached != null && cached.source() == type) {
            return cached.view();
        }
        List<FieldDefinition> visible = type.getFields().stream()
                .filter(f -> !hidden.contains(f.getApiName()) || f.getApiName().equals(type.getNameField())).toList();
        RecordType view = new RecordType(type.getApiName(), type.getPluralApiName(), type.getLabel(), type.getPluralLabel(),
                type.getNameField(), visible).withKind(type.getKind());
        views.put(type.getApiName(), new View(type, view));
        return view;
    }

    private TypeRules compile(String type) {
        AccessScope read = AccessScope.NONE;
        AccessScope edit = AccessScope.NONE;
        AccessScope delete = AccessScope.NONE;
        boolean create = false;
        List<RoleDefinition> readers = new ArrayList<>();
        List<RoleDefinition> writers = new ArrayList<>();
        for (RoleDefinition role : roles) {
            Optional<Grant> grant = grantFor(role, type);
            if (grant.isEmpty()) {
                continue;
            }
            Grant g = grant.get();
            read = widest(read, g.read());
            edit = widest(edit, g.edit());
            delete = widest(delete, g.delete());
            create |= g.create();
            if (g.read() != AccessScope.NONE) {
                readers.add(role);
            }
            if (g.create() || g.edit() != AccessScope.NONE) {
                writers.add(role);
            }
        }
        Set<String> mentioned = new HashSet<>();
        roles.forEach(r -> r.fields().stream().filter(f -> f.recordType().equals(type)).forEach(f -> mentioned.add(f.field())));
        Set<String> hidden = new HashSet<>();
        Set<String> readOnly = new HashSet<>();
        for (String field : mentioned) {
            if (readers.stream().noneMatch(r -> fieldGrant(r, type, field).read())) {
                hidden.add(field);
            } else if (writers.stream().noneMatch(r -> fieldGrant(r, type, field).edit())) {
                readOnly.add(field);
            }
        }
        return new TypeRules(read, create, edit, delete, Set.copyOf(hidden), Set.copyOf(readOnly));
    }

    /** A role's grant for the type itself, else its grant for every type. */
    private static Optional<Grant> grantFor(RoleDefinition role, String type) {
        Optional<Grant> specific = role.grants().stream().filter(g -> g.recordType().equals(type)).findFirst();
        return specific.isPresent() ? specific : role.grants().stream().filter(g -> g.recordType().equals(Grant.ANY_TYPE)).findFirst();
    }

    private static FieldGrant fieldGrant(RoleDefinition role, String type, String field) {
        return role.fields().stream().filter(f -> f.recordType().equals(type) && f.field().equals(field)).findFirst()
                .orElse(new FieldGrant(type, field, true, true));
    }

    private static AccessScope widest(AccessScope a, AccessScope b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
