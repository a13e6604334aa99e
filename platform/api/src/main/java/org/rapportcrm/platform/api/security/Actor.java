package org.rapportcrm.platform.api.security;

import java.util.Set;

/**
 * Who performs an operation: a user of the organisation with their roles and teams; an external principal (a customer
 * or partner signing in to a portal) who belongs to an account and sees only records shared with it; or the platform
 * itself ({@link #system()}) for start-up work such as migrations and demo data.
 *
 * @param accountId the account an external principal belongs to; null for the organisation's users and the system
 */
public record Actor(String userId, String userName, Set<String> roles, Set<String> teamIds, boolean isSystem, String accountId) {
    private static final Actor SYSTEM = new Actor("system", "system", Set.of(Role.ADMIN), Set.of(), true, null);

    public Actor {
        roles = Set.copyOf(roles);
        teamIds = Set.copyOf(teamIds);
    }

    /** A user of the organisation or the system, as before external principals existed. */
    public Actor(String userId, String userName, Set<String> roles, Set<String> teamIds, boolean isSystem) {
        this(userId, userName, roles, teamIds, isSystem, null);
    }

    public static Actor user(String userId, String userName, Set<String> roles, Set<String> teamIds) {
        return new Actor(userId, userName, roles, teamIds, false, null);
    }

    /**
     * An external principal of an account: whatever its roles grant, it reaches only records a {@link SharingRule}
     * shares with that account, belongs to no team, holds no named permission and is never an administrator.
     */
    public static Actor external(String userId, String userName, Set<String> roles, String accountId) {
        if (accountId == null) {
            throw new IllegalArgumentException("An external principal belongs to an account");
        }
        return new Actor(userId, userName, roles, Set.of(), false, accountId);
    }

    public static Actor system() {
        return SYSTEM;
    }

    public boolean isExternal() {
        return accountId != null;
    }

    public boolean isAdmin() {
        return isSystem || !isExternal() && roles.contains(Role.ADMIN);
    }
}
