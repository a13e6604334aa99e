package org.rapportcrm.platform.core.internal.security.entity;

import java.lang.reflect.Field;
import javax.persistence.CollectionTable;
import javax.persistence.Column;
import javax.persistence.Table;

/**
 * The tables and columns of the entities as their mappings name them, for the SQL that reads them beside JPA (the
 * owner check of records, team scopes, roles in use): such SQL takes its names from here, never from a literal of its own.
 */
public final class EntityTables {
    public static final String USERS = UserEntity.class.getAnnotation(Table.class).name();
    public static final String USER_ROLES = collectionTable("roles");
    public static final String USER_ROLES_ROLE = elementColumn("roles");
    public static final String TEAM_MEMBERS = collectionTable("teamIds");
    public static final String TEAM_MEMBERS_USER = joinColumn("teamIds");
    public static final String TEAM_MEMBERS_TEAM = elementColumn("teamIds");

    private EntityTables() {
    }

    private static String collectionTable(String field) {
        return userField(field).getAnnotation(CollectionTable.class).name();
    }

    private static String joinColumn(String field) {
        return userField(field).getAnnotation(CollectionTable.class).joinColumns()[0].name();
    }

    private static String elementColumn(String field) {
        return userField(field).getAnnotation(Column.class).name();
    }

    private static Field userField(String name) {
        try {
            return UserEntity.class.getField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("UserEntity has no field " + name, e);
        }
    }
}
