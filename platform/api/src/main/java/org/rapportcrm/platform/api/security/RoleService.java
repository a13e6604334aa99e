package org.rapportcrm.platform.api.security;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import org.rapportcrm.platform.api.metadata.RecordType;

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

    /**
     * The record type as the actor sees it: without the fields hidden from it, so forms, lists and documents built from
     * it show nothing the actor may not see.
     */
    RecordType view(Actor actor, RecordType type);

    /**
     * An administrator adds a role; its version is set to 1. Refused naming the offending field ({@code name},
     * {@code label}, {@code grants}, {@code fields}, {@code permissions}) when it does not describe a valid role.
     */
    RoleDefinition create(Actor actor, RoleDefinition role);

    /**
     * An administrator changes a role (built-in ones included, except {@code admin}) if it is still at
     * {@code expectedVersion}; otherwise {@link org.rapportcrm.platform.api.record.StaleVersionException}. The change
     * applies to every user with the role at once, on every node within seconds.
     */
    RoleDefinition update(Actor actor, String name, long expectedVersion, RoleDefinition role);

    /** An administrator removes a custom role no user has any more. Built-in roles are reset instead. */
    void delete(Actor actor, String name, long expectedVersion);

    /** An administrator takes a built-in role back to what the platform ships. */
    RoleDefinition reset(Actor actor, String name);
}
