package org.rapportcrm.platform.core.internal.view;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rapportcrm.platform.api.view.ListView;

/** The SQL of saved list views: one row each, the columns as a comma-separated list of field names. */
final class ListViewStore {
    private static final String COLUMNS = "id, record_type, name, list_columns, filter_text, sort_field, shared, owner_id, version";

    /** The views of a type the user sees: their own, then the shared ones, each by name. */
    List<ListView> visible(Connection c, String recordType, String userId) throws SQLException {
        return select(c, "SELECT " + COLUMNS + " FROM rapport_list_view WHERE record_type = ? AND (owner_id = ? OR shared = ?) "
                + "ORDER BY shared, name, id", recordType, userId, true);
    }

    List<ListView> shared(Connection c, String recordType) throws SQLException {
        return select(c, "SELECT " + COLUMNS + " FROM rapport_list_view WHERE record_type = ? AND shared = ?", recordType, true);
    }

    Optional<ListView> find(Connection c, String id) throws SQLException {
        return select(c, "SELECT " + COLUMNS + " FROM rapport_list_view WHERE id = ?", id).stream().findFirst();
    }

    void insert(Connection c, ListView v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_list_view (name, list_columns, filter_text, sort_field, shared, "
                + "updated_at, id, record_type, owner_id, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = bindContent(ps, v);
            ps.setString(i++, v.id());
            ps.setString(i++, v.recordType());
            ps.setString(i++, v.ownerId());
            ps.setLong(i, v.version());
            ps.executeUpdate();
        }
    }

    /** @return whether the view was still at {@code expectedVersion} (and is now at the changed one's) */
    boolean update(Connection c, ListView v, long expectedVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rapport_list_view SET name = ?, list_columns = ?, filter_text = ?, "
                + "sort_field = ?, shared = ?, updated_at = ?, version = ? WHERE id = ? AND version = ?")) {
            int i = bindContent(ps, v);
            ps.setLong(i++, v.version());
            ps.setString(i++, v.id());
            ps.setLong(i, expectedVersion);
            return ps.executeUpdate() == 1;
        }
    }

    boolean delete(Connection c, String id, long expectedVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rapport_list_view WHERE id = ? AND version = ?")) {
            ps.setString(1, id);
            ps.setLong(2, expectedVersion);
            return ps.executeUpdate() == 1;
        }
    }

    private static int bindContent(PreparedStatement ps, ListView v) throws SQLException {
        ps.setString(1, v.name());
        ps.setString(2, String.join(",", v.columns()));
        ps.setString(3, v.filter());
        ps.setString(4, v.sort());
        ps.setBoolean(5, v.shared());
        ps.setTimestamp(6, Timestamp.from(Instant.now()));
        return 7;
    }

    private static List<ListView> select(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof Boolean b) {
                    ps.setBoolean(i + 1, b);
                } else {
                    ps.setString(i + 1, (String) params[i]);
                }
            }
            List<ListView> views = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String columns = rs.getString("list_columns");
                    views.add(new ListView(rs.getString("id"), rs.getString("record_type"), rs.getString("name"),
                            columns.isEmpty() ? List.of() : Arrays.asList(columns.split(",")), rs.getString("filter_text"),
                            rs.getString("sort_field"), rs.getBoolean("shared"), rs.getString("owner_id"), rs.getLong("version")));
                }
            }
            return views;
        }
    }
}
