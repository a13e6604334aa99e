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

/**
 * Names and UIDs of cards: kept for cards a client created, derived ({@code <record id>.vcf}, UID = record id) for
 * the others. Rows stay after a record is deleted, so a sync still reports the deletion under the client's name.
 * Statements run on the platform's transactional DataSource: inside {@code RecordService.inTransaction} they commit
 * with the record.
 */
@Component(service = CardStore.class)
public class CardStore {
    static final String SUFFIX = ".vcf";
    private static final int IN_CHUNK = 500;

    /** A card's name in every address book, and its UID. */
    record Card(String recordId, String name, String uid) {
    }

    private final DataSource dataSource;

    @Activate
    public CardStore(@Reference(target = "(osgi.jndi.service.name=rapportds-tx)") DataSource dataSource, @Reference DavSchema schema) {
        this.dataSource = dataSource;
    }

    CardStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The record a resource name stands for: a kept name, else {@code <id>.vcf}; empty for a name that is neither. */
    Optional<String> recordId(String name) {
        Optional<String> kept = first("SELECT record_id FROM sync_dav_card WHERE resource_name = ?", name);
        if (kept.isPresent() || !name.endsWith(SUFFIX)) {
            return kept;
        }
        return Optional.of(name.substring(0, name.length() - SUFFIX.length()));
    }

    /** The record that holds {@code uid}, if a client gave it. */
    Optional<String> recordWithUid(String uid) {
        return first("SELECT record_id FROM sync_dav_card WHERE uid = ?", uid);
    }

    /** The cards of these records, kept or derived, by record id. */
    Map<String, Card> cards(Collection<String> recordIds) {
        Map<String, Card> cards = new HashMap<>();
        List<String> ids = new ArrayList<>(recordIds);
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            String sql = "SELECT record_id, resource_name, uid FROM sync_dav_card WHERE record_id IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
            run(sql, chunk.toArray(), rs -> {
                while (rs.next()) {
                    cards.put(rs.getString(1), new Card(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
                return null;
            });
        }
        for (String id : recordIds) {
            cards.computeIfAbsent(id, i -> new Card(i, i + SUFFIX, i));
        }
        return cards;
    }

    Card card(String recordId) {
        return cards(List.of(recordId)).get(recordId);
    }

    /** Keeps the name and UID a client chose for a card it created (replacing what a deleted record left behind). */
    void keep(String recordId, String name, String uid) {
        update("DELETE FROM sync_dav_card WHERE resource_name = ? OR uid = ? OR record_id = ?", name, uid, recordId);
        update("INSERT INTO sync_dav_card (record_id, resource_name, uid) VALUES (?, ?, ?)", recordId, name, uid);
    }

    @FunctionalInterface
    private interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private Optional<String> first(String sql, String parameter) {
        return Optional.ofNullable(run(sql, new Object[] {parameter}, rs -> rs.next() ? rs.getString(1) : null));
    }

    private <T> T run(String sql, Object[] parameters, Rows<T> rows) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rows.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
