package org.rapportcrm.platform.api.security;

import java.util.Set;

/**
 * Who performs an operation: a user of the organisation with their roles and teams; an external principal (a customer
 * or partner signing in to a portal) who belongs to an account and sees only records shared with it; or the platform
 * itself ({@link #system()}) for start-up work such as migrations and demo data.
 *
 * @param accountId the account an external principal belongs to; null for the organisation's users and the system
 * @param contactId the contact an external principal is (a contact of its account), or null when it was made without
 *            one; what a {@link SharingRule} shares through {@link SharingRule#pathToContact()} reaches it by this
 *            contact. Null for the organisation's users and the system. @since 1.5
 */
public record Actor(String userId, String userName, Set<String> roles, Set<String> teamIds, boolean isSystem, String accountId,
        String contactId) {
    private static final Actor SYSTEM = new Actor("system", "system", Set.of(Role.ADMIN), Set.of(), true, null, null);

    public Actor {
        roles = Set.copyOf(roles);
        teamIds = Set.copyOf(teamIds);
    }

    /** An actor as before external principals were linked to their contact. */
    public Actor(String userId, String userName, Set<String> roles, Set<String> teamIds, boolean isSystem, String accountId) {
        this(userId, userName, roles, teamIds, isSystem, accountId, null);
    }

    /** A user of the organisation or the system, as before external principals existed. */
    public Actor(String userId, String userName, Set<String> roles, Set<String> teamIds, boolean isSystem) {
        this(userId, userName, roles, teamIds, isSystem, null, null);
    }

    public static Actor user(String userId, String userName, Set<String> roles, Set<String> teamIds) {
        return new Actor(userId, userName, roles, teamIds, false, null, null);
    }

    /**
     * An external principal of an account: whatever its roles grant, it reaches only records a {@link SharingRule}
     * shares with that account, belongs to no team, holds no named permission and is never an administrator.
     */
    public static Actor external(String userId, String userName, Set<String> roles, String accountId) {
        return external(userId, userName, roles, accountId, null);
    }

    /**
     * An external principal of an account who is one of its contacts, as invited (see {@link PrincipalInvitations}).
     *
     * @since 1.5
     */
    public static Actor external(String userId, String userName, Set<String> roles, String accountId, String contactId) {
        if (accountId == null) {
            throw new IllegalArgumentException("An external principal belongs to an account");
        }
        return new Actor(userId, userName, roles, Set.of(), false, accountId, contactId);
    }

    /**
     * The user acting: an external principal (with its account and contact) or a user of the organisation (with its
     * teams). Whether the user is active is not checked here.
     *
     * @since 1.5
     */
    public static Actor of(User user) {
        return user.accountId() != null ? external(user.id(), user.userName(), user.roles(), user.accountId(), user.contactId())
                : user(user.id(), user.userName(), user.roles(), user.teamIds());
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
