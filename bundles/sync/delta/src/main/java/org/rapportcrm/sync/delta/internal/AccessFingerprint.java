package org.rapportcrm.sync.delta.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.TreeSet;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.RoleDefinition;
import org.rapportcrm.platform.api.security.RoleService;

/**
 * A short digest of what decides which records an actor reads: who it is, its roles and the version of each, its
 * teams, and the account and contact of an external principal. A sync token carries it, because the change feed only
 * reports records that changed: when a user moves team, gains or loses a role, or an administrator edits one of its
 * roles, records become readable or unreadable without changing, and only a full sync brings the device in line.
 */
final class AccessFingerprint {
    private final RoleService roles;

    AccessFingerprint(RoleService roles) {
        this.roles = roles;
    }

    String of(Actor actor) {
        StringBuilder access = new StringBuilder().append(actor.userId()).append('|').append(actor.isSystem())
                .append('|').append(actor.accountId()).append('|').append(actor.contactId()).append('|');
        for (String role : new TreeSet<>(actor.roles())) {
            access.append(role).append('@').append(roles.role(actor, role).map(RoleDefinition::version).orElse(-1L)).append(',');
        }
        access.append('|').append(String.join(",", new TreeSet<>(actor.teamIds())));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(access.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 9));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
