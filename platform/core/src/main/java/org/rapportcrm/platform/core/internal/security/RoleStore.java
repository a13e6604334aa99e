package org.rapportcrm.platform.core.internal.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.FieldGrant;
import org.rapportcrm.platform.api.security.Grant;
import org.rapportcrm.platform.api.security.RoleDefinition;
import org.rapportcrm.platform.core.internal.security.entity.EntityTables;

/**
 * The SQL of roles: custom roles, and built-in roles an administrator changed (an unchanged built-in role is not
 * stored, so it follows the defaults of the running version). Every change moves the revision counter on.
 */
final class RoleStore {
    long revision(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT revision FROM rapport_role_revision WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    Map<String, RoleDefinition> load(Connection c) throws SQLException {
        Map<String, List<Grant>> grants = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM rapport_role_grant ORDER BY role_name, record_type");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                grants.computeIfAbsent(rs.getString("role_name"), k -> new ArrayList<>()).add(new Grant(rs.getString("record_type"),
                        AccessScope.valueOf(rs.getString("read_scope")), rs.getBoolean("can_create"),
                        AccessScope.valueOf(rs.getString("edit_scope")), AccessScope.valueOf(rs.getString("delete_scope"))));
            }
        }
        Map<String, List<FieldGrant>> fields = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM rapport_role_field ORDER BY role_name, record_type, field");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                fields.computeIfAbsent(rs.getString("role_name"), k -> new ArrayList<>()).add(new FieldGrant(rs.getString("record_type"),
                        rs.getString("field"), rs.getBoolean("can_read"), rs.getBoolean("can_edit")));
            }
        }
        Map<String, Set<String>> permissions = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT role_name, permission FROM rapport_role_permission");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                permissions.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
            }
        }
        Map<String, RoleDefinition> roles = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM rapport_role ORDER BY name"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString("name");
                roles.put(name, new RoleDefinition(name, rs.getString("label"), grants.getOrDefault(name, List.of()),
                        fields.getOrDefault(name, List.of()), permissions.getOrDefault(name, Set.of()), rs.getBoolean("built_in"),
                        rs.getLong("version")));
            }
        }
        return roles;
    }

    void insert(Connection c, RoleDefinition role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_role (name, label, built_in, version) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, role.name());
            ps.setString(2, role.label());
            ps.setBoolean(3, role.builtIn());
            ps.setLong(4, role.version());
            ps.executeUpdate();
        }
        insertParts(c, role);
        moveRevisionOn(c);
    }

    /** @return false when the stored role is no longer at {@code expectedVersion} */
    boolean update(Connection c, RoleDefinition role, long expectedVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rapport_role SET label = ?, version = ? WHERE name = ? AND version = ?")) {
            ps.setString(1, role.label());
            ps.setLong(2, role.version());
            ps.setString(3, role.name());
            ps.setLong(4, expectedVersion);
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        deleteParts(c, role.name());
        insertParts(c, role);
        moveRevisionOn(c);
        return true;
    }

    /** @return false when the stored role is no longer at {@code expectedVersion} */
    boolean delete(Connection c, String name, long expectedVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rapport_role WHERE name = ? AND version = ?")) {
            ps.setString(1, name);
            ps.setLong(2, expectedVersion);
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        deleteParts(c, name);
        moveRevisionOn(c);
        return true;
    }

    boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM rapport_role WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** How many users have the role: a role in use is not deleted from under them. */
    int users(Connection c, String roleName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + EntityTables.USER_ROLES + " WHERE " + EntityTables.USER_ROLES_ROLE + " = ?")) {
            ps.setString(1, roleName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void insertParts(Connection c, RoleDefinition role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_role_grant (role_name, record_type, read_scope, can_create, "
                + "edit_scope, delete_scope) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Grant g : role.grants()) {
                ps.setString(1, role.name());
                ps.setString(2, g.recordType());
                ps.setString(3, g.read().name());
                ps.setBoolean(4, g.create());
                ps.setString(5, g.edit().name());
                ps.setString(6, g.delete().name());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_role_field (role_name, record_type, field, can_read, can_edit) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            for (FieldGrant f : role.fields()) {
                ps.setString(1, role.name());
                ps.setString(2, f.recordType());
                ps.setString(3, f.field());
                ps.setBoolean(4, f.read());
                ps.setBoolean(5, f.edit());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_role_permission (role_name, permission) VALUES (?, ?)")) {
            for (String p : role.permissions()) {
                ps.setString(1, role.name());
                ps.setString(2, p);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void deleteParts(Connection c, String name) throws SQLException {
        for (String table : List.of("rapport_role_grant", "rapport_role_field", "rapport_role_permission")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE role_name = ?")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
        }
    }

    private static void moveRevisionOn(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rapport_role_revision SET revision = revision + 1 WHERE id = 1")) {
            ps.executeUpdate();
        }
    }
}
