package org.rapportcrm.platform.api.security;

import java.util.Set;

/**
 * A user to create; with an {@code accountId}, an external principal of that account (see {@link Actor#external}), and
 * with a {@code contactId} also, the contact of that account it is (since 1.5).
 */
public record NewUser(String userName, String displayName, String email, String password, Set<String> roles,
        Set<String> teamIds, String accountId, String contactId) {

    /** A user as before external principals were linked to their contact. */
    public NewUser(String userName, String displayName, String email, String password, Set<String> roles, Set<String> teamIds,
            String accountId) {
        this(userName, displayName, email, password, roles, teamIds, accountId, null);
    }

    /** A user of the organisation. */
    public NewUser(String userName, String displayName, String email, String password, Set<String> roles, Set<String> teamIds) {
        this(userName, displayName, email, password, roles, teamIds, null, null);
    }
}
