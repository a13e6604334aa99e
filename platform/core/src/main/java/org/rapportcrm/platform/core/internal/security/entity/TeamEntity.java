package org.rapportcrm.platform.core.internal.security.entity;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

@Entity
@Table(name = "rapport_team")
public class TeamEntity {
    @Id
    public String id;

    @Column(nullable = false, unique = true)
    public String name;
}
