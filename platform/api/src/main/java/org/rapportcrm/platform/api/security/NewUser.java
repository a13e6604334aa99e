package org.rapportcrm.platform.api.security;

import java.util.Set;

/**
 * A user to create; with an {@code accountId}, an external principal of that account (see {@link Actor#external}).
 */
public record NewUser(String userName, String displayName, String email, String password, Set<String> roles,
        Set<String> teamIds, String accountId) {

    /** A user of the organisation. */
    public NewUser(String userName, String displayName, String email, String password, Set<String> roles, Set<String> teamIds) {
        this(userName, displayName, email, password, roles, teamIds, null);
    }
}
