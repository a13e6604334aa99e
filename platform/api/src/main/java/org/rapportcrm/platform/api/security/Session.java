package org.rapportcrm.platform.api.security;

import java.time.Instant;

/** A console sign-in: the secret session id goes in an HttpOnly cookie, the CSRF token in each changing request. */
public record Session(String id, String csrfToken, Actor actor, Instant expiresAt) {
}
