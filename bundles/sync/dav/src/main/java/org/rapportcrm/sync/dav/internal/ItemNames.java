package org.rapportcrm.sync.dav.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.JdbcWork;

/**
 * Names and UIDs of DAV items (cards and calendar objects): kept for items a client created, derived
 * ({@code <record id>.vcf} or {@code .ics}, UID = record id) for the others. Rows stay after a record is deleted, so a
 * sync still reports the deletion under the client's name. Record ids are unique across types, so one table (still
 * called {@code sync_dav_card}) serves both collections; a UID is unique across them too.
 * Statements run on the platform's transactional DataSource: inside {@code RecordService.inTransaction} they commit
 * with the record.
 */
@Component(service = ItemNames.class)
public class ItemNames {
    private static final int IN_CHUNK = 500;

    /** An item's name in its collection, and its UID. */
    record Item(String recordId, String name, String uid) {
    }

    private final DataSource dataSource;

    @Activate
    public ItemNames(@Reference(target = "(osgi.jndi.service.name=rapportds-tx)") DataSource dataSource, @Reference DavSchema schema) {
        this.dataSource = dataSource;
    }

    ItemNames(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The record a resource name stands for: a kept name, else {@code <id><suffix>}; empty for a name that is neither. */
    Optional<String> recordId(String name, String suffix) {
        Optional<String> kept = first("SELECT record_id FROM sync_dav_card WHERE resource_name = ?", name);
        if (kept.isPresent() || !name.endsWith(suffix)) {
            return kept;
        }
        return Optional.of(name.substring(0, name.length() - suffix.length()));
    }

    /** The record that holds {@code uid}, if a client gave it. */
    Optional<String> recordWithUid(String uid) {
        return first("SELECT record_id FROM sync_dav_card WHERE uid = ?", uid);
    }

    /** The items of these records, kept or derived with {@code suffix}, by record id. */
    Map<String, Item> items(Collection<String> recordIds, String suffix) {
        Map<String, Item> cards = new HashMap<>();
        List<String> ids = new ArrayList<>(recordIds);
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            String sql = "SELECT record_id, resource_name, uid FROM sync_dav_card WHERE record_id IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
            run(sql, chunk.toArray(), rs -> {
                while (rs.next()) {
                    cards.put(rs.getString(1), new Item(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
                return null;
            });
        }
        for (String id : recordIds) {
            cards.computeIfAbsent(id, i -> new Item(i, i + suffix, i));
        }
        return cards;
    }

    Item item(String recordId, String suffix) {
        return items(List.of(recordId), suffix).get(recordId);
    }

    /** Keeps the name and UID a client chose for an item it created (replacing what a deleted record left behind). */
    void keep(String recordId, String name, String uid) {
        JdbcWork.inTransaction(dataSource, "DAV item names", c -> {
            execute(c, "DELETE FROM sync_dav_card WHERE resource_name = ? OR uid = ? OR record_id = ?", name, uid, recordId);
            return execute(c, "INSERT INTO sync_dav_card (record_id, resource_name, uid) VALUES (?, ?, ?)", recordId, name, uid);
        });
    }

    private Optional<String> first(String sql, String parameter) {
        return Optional.ofNullable(run(sql, new Object[] {parameter}, rs -> rs.next() ? rs.getString(1) : null));
    }

    @FunctionalInterface
    private interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T run(String sql, Object[] parameters, Rows<T> rows) {
        return JdbcWork.read(dataSource, "DAV item names", c -> {
            try (PreparedStatement ps = prepare(c, sql, parameters); ResultSet rs = ps.executeQuery()) {
                return rows.read(rs);
            }
        });
    }

    private static int execute(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, parameters)) {
            return ps.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object[] parameters) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            ps.setObject(i + 1, parameters[i]);
        }
        return ps;
    }
}
