package org.rapportcrm.platform.api.security;

import java.util.List;

/** A named set of grants. The role {@code admin} may also administer users, roles and metadata. */
public record Role(String name, String label, List<Grant> grants) {
    public static final String ADMIN = "admin";

    public Role {
        grants = List.copyOf(grants);
    }
}
