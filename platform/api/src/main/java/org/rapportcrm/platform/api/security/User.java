package org.rapportcrm.platform.api.security;

import java.time.Instant;
import java.util.Set;

/**
 * A person who signs in to Rapport. The password hash never leaves the platform.
 *
 * @param accountId for an external principal (a portal customer or partner), the account it belongs to; else null
 * @param contactId for an external principal, the contact of its account it is (null if it was made without one); else
 *            null. @since 1.5
 */
public record User(String id, String userName, String displayName, String email, boolean active, Set<String> roles,
        Set<String> teamIds, Instant createdAt, String accountId, String contactId) {

    /** A user as before external principals were linked to their contact. */
    public User(String id, String userName, String displayName, String email, boolean active, Set<String> roles,
            Set<String> teamIds, Instant createdAt, String accountId) {
        this(id, userName, displayName, email, active, roles, teamIds, createdAt, accountId, null);
    }

    /** A user of the organisation. */
    public User(String id, String userName, String displayName, String email, boolean active, Set<String> roles,
            Set<String> teamIds, Instant createdAt) {
        this(id, userName, displayName, email, active, roles, teamIds, createdAt, null, null);
    }
}
