package org.rapportcrm.platform.core.internal.security.entity;

import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A console sign-in, kept in the database so every node of a cluster knows it; the id is stored hashed. */
@Entity
@Table(name = "rapport_session")
public class SessionEntity {
    @Id
    @Column(name = "id_hash")
    public String idHash;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "csrf_token", nullable = false)
    public String csrfToken;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
