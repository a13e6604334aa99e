package org.rapportcrm.platform.api.security;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Roles and what they allow. Reading roles is open to every signed-in user of the organisation; changing them needs
 * an administrator. The answers for an actor are what the platform enforces on every record operation.
 */
@ProviderType
public interface RoleService {
    /** Every role, built-in and custom, by name. */
    List<RoleDefinition> roles(Actor actor);

    Optional<RoleDefinition> role(Actor actor, String name);

    /** Whether the actor holds a named {@link Permission}; administrators and the system hold every one. */
    boolean hasPermission(Actor actor, String permission);

    /** What the actor may do with a record type. */
    TypeAccess access(Actor actor, String recordType);
}
