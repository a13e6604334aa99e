package org.rapportcrm.platform.core.internal.file;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rapportcrm.platform.api.file.StoredFile;
import org.rapportcrm.platform.api.file.StoredFile.TextState;

/** The SQL of the file tables: files, their text, and their deduplicated content. */
final class FileRows {
    /** Where the bytes of one content are. */
    record Content(String sha256, String store, String key, long size) {
    }

    private static final String COLUMNS = "id, record_type, record_id, name, media_type, size_bytes, sha256, confidential, "
            + "created_at, created_by, text_state";
    /** Bounds the parameters of one IN list. */
    private static final int IN_BATCH = 500;

    private FileRows() {
    }

    static void insert(Connection c, StoredFile f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_file (" + COLUMNS + ", text_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, f.id());
            ps.setString(2, f.recordType());
            ps.setString(3, f.recordId());
            ps.setString(4, f.name());
            ps.setString(5, f.mediaType());
            ps.setLong(6, f.size());
            ps.setString(7, f.sha256());
            ps.setBoolean(8, f.confidential());
            ps.setTimestamp(9, Timestamp.from(f.createdAt()));
            ps.setString(10, f.createdBy());
            ps.setString(11, f.text().name());
            ps.setTimestamp(12, Timestamp.from(f.createdAt())); // its name is searchable from now
            ps.executeUpdate();
        }
    }

    static Optional<StoredFile> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM rapport_file WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(file(rs)) : Optional.empty();
            }
        }
    }

    /** A record's files, newest first. */
    static List<StoredFile> ofRecord(Connection c, String type, String recordId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM rapport_file WHERE record_type = ? AND record_id = ? "
                + "ORDER BY created_at DESC, id DESC")) {
            ps.setString(1, type);
            ps.setString(2, recordId);
            List<StoredFile> files = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.add(file(rs));
                }
            }
            return files;
        }
    }

    private static StoredFile file(ResultSet rs) throws SQLException {
        return new StoredFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                rs.getString(7), rs.getBoolean(8), rs.getTimestamp(9).toInstant(), rs.getString(10), TextState.valueOf(rs.getString(11)));
    }

    static void delete(Connection c, String id) throws SQLException {
        update(c, "DELETE FROM rapport_file_text WHERE file_id = ?", id);
        update(c, "DELETE FROM rapport_file WHERE id = ?", id);
    }

    static boolean contentInUse(Connection c, String sha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rapport_file WHERE sha256 = ? FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static Optional<Content> content(Connection c, String sha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT store_name, content_key, size_bytes FROM rapport_file_content WHERE sha256 = ?")) {
            ps.setString(1, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Content(sha256, rs.getString(1), rs.getString(2), rs.getLong(3))) : Optional.empty();
            }
        }
    }

    static void insertContent(Connection c, Content content, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_file_content (sha256, store_name, content_key, size_bytes, created_at) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, content.sha256());
            ps.setString(2, content.store());
            ps.setString(3, content.key());
            ps.setLong(4, content.size());
            ps.setTimestamp(5, Timestamp.from(at));
            ps.executeUpdate();
        }
    }

    static void deleteContent(Connection c, String sha256) throws SQLException {
        update(c, "DELETE FROM rapport_file_content WHERE sha256 = ?", sha256);
    }

    /** Records the outcome of a text extraction; {@code text} null unless {@link TextState#EXTRACTED}. */
    static void text(Connection c, String fileId, TextState state, String text, Instant at) throws SQLException {
        update(c, "DELETE FROM rapport_file_text WHERE file_id = ?", fileId);
        if (text != null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_file_text (file_id, content) VALUES (?, ?)")) {
                ps.setString(1, fileId);
                ps.setString(2, text);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE rapport_file SET text_state = ?, text_at = ? WHERE id = ?")) {
            ps.setString(1, state.name());
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setString(3, fileId);
            ps.executeUpdate();
        }
    }

    /** The names and extracted text of the files of those records that have files, by record id. */
    static Map<String, String> texts(Connection c, String type, Collection<String> recordIds) throws SQLException {
        Map<String, StringBuilder> texts = new LinkedHashMap<>();
        ofRecords(c, "f.record_id, f.name, t.content", type, recordIds, "", rs -> {
            StringBuilder text = texts.computeIfAbsent(rs.getString(1), id -> new StringBuilder());
            text.append(rs.getString(2)).append('\n');
            String content = rs.getString(3);
            if (content != null) {
                text.append(content).append('\n');
            }
        });
        Map<String, String> result = new LinkedHashMap<>();
        texts.forEach((id, text) -> result.put(id, text.toString()));
        return result;
    }

    /** The files of these records with their extracted text ("" if none), newest first per batch of records. */
    static Map<StoredFile, String> withText(Connection c, String type, Collection<String> recordIds) throws SQLException {
        Map<StoredFile, String> files = new LinkedHashMap<>();
        ofRecords(c, COLUMNS.replaceAll("(\\w+)", "f.$1") + ", t.content", type, recordIds, " ORDER BY f.created_at DESC, f.id DESC", rs -> {
            String content = rs.getString(12);
            files.put(file(rs), content == null ? "" : content);
        });
        return files;
    }

    private interface Rows {
        void next(ResultSet rs) throws SQLException;
    }

    /** Reads {@code columns} of the files of these records joined with their text, a bounded IN list at a time. */
    private static void ofRecords(Connection c, String columns, String type, Collection<String> recordIds, String orderBy, Rows rows)
            throws SQLException {
        List<String> ids = List.copyOf(recordIds);
        for (int from = 0; from < ids.size(); from += IN_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + IN_BATCH));
            try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM rapport_file f "
                    + "LEFT JOIN rapport_file_text t ON t.file_id = f.id WHERE f.record_type = ? AND f.record_id IN ("
                    + String.join(", ", batch.stream().map(id -> "?").toList()) + ")" + orderBy)) {
                ps.setString(1, type);
                for (int i = 0; i < batch.size(); i++) {
                    ps.setString(i + 2, batch.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.next(rs);
                    }
                }
            }
        }
    }

    /** The records whose files' text changed at or after {@code since}: type to record ids. */
    static Map<String, List<String>> textChangedSince(Connection c, Instant since) throws SQLException {
        Map<String, List<String>> changed = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT record_type, record_id FROM rapport_file WHERE text_at >= ?")) {
            ps.setTimestamp(1, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changed.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return changed;
    }

    private static void update(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }
}
