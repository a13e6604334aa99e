package org.rapportcrm.platform.rest.internal;

import java.util.List;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.RoleService;
import org.rapportcrm.platform.api.security.TypeAccess;

/**
 * A caller whose roles may not create, change or delete any record of a type is refused with 403 before the request's
 * body is checked against its schema (issue 22, finding 1: a reader is owed a 403, not a 422 about the value she
 * sent). Whether one record may be changed, and whether its version is current, the record service decides next.
 */
final class PermissionFirst {
    private final MetadataService metadata;
    private final RoleService roles;

    PermissionFirst(MetadataService metadata, RoleService roles) {
        this.metadata = metadata;
        this.roles = roles;
    }

    void check(Mounted route, Actor actor) {
        List<String> path = route.segments();
        String method = route.route().method();
        boolean create = path.size() == 1 && method.equals("POST");
        boolean change = path.size() == 2 && path.get(1).equals("{id}") && (method.equals("PATCH") || method.equals("DELETE"));
        if (actor == null || !create && !change) {
            return;
        }
        metadata.typeByPluralName(path.get(0)).ifPresent(type -> {
            TypeAccess access = roles.access(actor, type.getApiName());
            boolean allowed = create ? access.create() : (method.equals("PATCH") ? access.edit() : access.delete()) != AccessScope.NONE;
            if (!allowed) {
                String verb = create ? "create" : method.equals("PATCH") ? "edit" : "delete";
                throw new AccessDeniedException(actor.userName() + " may not " + verb + " " + type.getApiName() + " records");
            }
        });
    }
}
