package org.rapportcrm.platform.api.security;

import java.util.Set;

/**
 * Who performs an operation: a signed-in user with their roles and teams, or the platform itself
 * ({@link #system()}) for start-up work such as migrations and demo data.
 */
public record Actor(String userId, String userName, Set<String> roles, Set<String> teamIds, boolean isSystem) {
    private static final Actor SYSTEM = new Actor("system", "system", Set.of(Role.ADMIN), Set.of(), true);

    public Actor {
        roles = Set.copyOf(roles);
        teamIds = Set.copyOf(teamIds);
    }

    public static Actor user(String userId, String userName, Set<String> roles, Set<String> teamIds) {
        return new Actor(userId, userName, roles, teamIds, false);
    }

    public static Actor system() {
        return SYSTEM;
    }

    public boolean isAdmin() {
        return isSystem || roles.contains(Role.ADMIN);
    }
}
