package org.rapportcrm.platform.core.internal.file;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.rapportcrm.platform.api.file.FileContentStore;
import org.rapportcrm.platform.core.internal.db.ChunkStore;
import org.rapportcrm.platform.core.internal.db.Database;

/**
 * The default place of the files' bytes: the database, in 1 MB chunks (BLOB on Derby, bytea on PostgreSQL), written
 * each in a short transaction so a slow upload holds no connection, and read a chunk at a time so a download of any size
 * needs one chunk of memory. Chunks rather than one large object: both databases stream them alike, a range starts at its
 * chunk, and nothing is left behind that only a vacuum of large objects would find. An upload is marked while it is
 * written, so one cut short by a crash is found and dropped ({@link #dropAbandoned}).
 */
final class DatabaseContentStore implements FileContentStore {
    static final String NAME = "database";
    private final Database database;
    private final ChunkStore chunks;

    DatabaseContentStore(Database database) {
        this.database = database;
        this.chunks = new ChunkStore(database, "rapport_file_chunk", "content_key");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String put(InputStream content) {
        String key = UUID.randomUUID().toString();
        database.separateTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_file_upload (content_key, store_name, started_at) VALUES (?, ?, ?)")) {
                ps.setString(1, key);
                ps.setString(2, NAME);
                ps.setTimestamp(3, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            return null;
        });
        try {
            chunks.writeInShortTransactions(key, content);
        } catch (RuntimeException | Error e) {
            try {
                database.separateTransaction(c -> drop(c, key));
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup); // the mark stays: dropAbandoned removes it later
            }
            throw e;
        }
        return key;
    }

    /** The upload of {@code key} is kept: called in the transaction that records its content. */
    static void kept(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rapport_file_upload WHERE content_key = ?")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }

    @Override
    public InputStream read(String key, long offset, long length) {
        return chunks.read(key, offset, length);
    }

    /** Joins the caller's transaction, so the bytes go with the row that named them. */
    @Override
    public void delete(String key) {
        database.inTransaction(c -> {
            chunks.delete(c, key);
            return null;
        });
    }

    /** Drops uploads started before {@code before} and never kept (their node died while they were written). @return how many */
    int dropAbandoned(Instant before) {
        List<String> keys = database.read(c -> {
            List<String> found = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT content_key FROM rapport_file_upload WHERE store_name = ? AND started_at < ?")) {
                ps.setString(1, NAME);
                ps.setTimestamp(2, Timestamp.from(before));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
            return found;
        });
        for (String key : keys) {
            database.inTransaction(c -> drop(c, key));
        }
        return keys.size();
    }

    private Void drop(Connection c, String key) throws SQLException {
        chunks.delete(c, key);
        kept(c, key);
        return null;
    }
}
