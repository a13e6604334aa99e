package org.rapportcrm.platform.api.security;

import java.util.Set;

public record NewUser(String userName, String displayName, String email, String password, Set<String> roles,
        Set<String> teamIds) {
}
