package org.rapportcrm.platform.api.security;

import java.time.Instant;
import java.util.Set;

/** A person who signs in to Rapport. The password hash never leaves the platform. */
public record User(String id, String userName, String displayName, String email, boolean active, Set<String> roles,
        Set<String> teamIds, Instant createdAt) {
}
