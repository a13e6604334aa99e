package org.rapportcrm.platform.api.security;

import java.time.Instant;

/** A bearer token as its owner sees it: never the secret, which is shown once when created. */
public record ApiToken(String id, String name, Instant createdAt) {
}
