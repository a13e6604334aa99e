package org.rapportcrm.platform.core.internal.security.entity;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import javax.persistence.CollectionTable;
import javax.persistence.Column;
import javax.persistence.ElementCollection;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.Table;

@Entity
@Table(name = "rapport_user")
public class UserEntity {
    @Id
    public String id;

    @Column(name = "user_name", nullable = false, unique = true)
    public String userName;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    public String email;

    @Column(name = "password_hash")
    public String passwordHash;

    public boolean active;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Set for an external principal: the account it belongs to. */
    @Column(name = "account_id")
    public String accountId;

    /** Set for an external principal invited as one of its account's contacts: that contact. */
    @Column(name = "contact_id")
    public String contactId;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "rapport_user_role", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "role_name")
    public Set<String> roles = new HashSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "rapport_team_member", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "team_id")
    public Set<String> teamIds = new HashSet<>();
}
