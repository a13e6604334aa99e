package org.rapportcrm.platform.api.security;

import java.util.List;
import java.util.Set;

/**
 * A role as administrators see and edit it: what it may do per record type ({@link Grant}), which fields it may not
 * see or change ({@link FieldGrant}), and its named {@link Permission}s. Built-in roles come with the platform as
 * defaults; they can be edited (except {@link Role#ADMIN}, which may always do everything) and reset, but not deleted.
 *
 * @param version increases with every change; an update names the version it read
 */
public record RoleDefinition(String name, String label, List<Grant> grants, List<FieldGrant> fields, Set<String> permissions,
        boolean builtIn, long version) {
    public RoleDefinition {
        grants = List.copyOf(grants);
        fields = fields == null ? List.of() : List.copyOf(fields);
        permissions = permissions == null ? Set.of() : Set.copyOf(permissions);
    }

    /** The role's name, label and grants, as {@link UserService#roles()} lists them. */
    public Role asRole() {
        return new Role(name, label, grants);
    }
}
