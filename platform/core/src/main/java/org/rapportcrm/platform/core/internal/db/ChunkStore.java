package org.rapportcrm.platform.core.internal.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Large content in the database (import uploads, files), in chunks of {@value #CHUNK_BYTES} bytes of a table
 * {@code (<key column>, chunk_no, data)}: any node of a cluster reads it, memory stays bounded by one chunk whatever its
 * size, and a range is read from the chunk it starts in.
 */
public final class ChunkStore {
    public static final int CHUNK_BYTES = 1 << 20;

    private final Database database;
    private final String insert;
    private final String select;
    private final String delete;

    /** Table and column are the platform's own names, never input. */
    public ChunkStore(Database database, String table, String keyColumn) {
        this.database = database;
        this.insert = "INSERT INTO " + table + " (" + keyColumn + ", chunk_no, data) VALUES (?, ?, ?)";
        this.select = "SELECT data FROM " + table + " WHERE " + keyColumn + " = ? AND chunk_no = ?";
        this.delete = "DELETE FROM " + table + " WHERE " + keyColumn + " = ?";
    }

    /** Stores {@code data} to its end in the caller's transaction. @return its size in bytes */
    public long write(Connection c, String key, InputStream data) throws SQLException {
        return write(key, data, (chunkNo, bytes) -> insert(c, key, chunkNo, bytes));
    }

    /**
     * Stores {@code data} to its end, each chunk in a short transaction of its own, so a slow client holds no connection
     * while it sends: the caller deletes the key if it abandons the content.
     */
    public long writeInShortTransactions(String key, InputStream data) {
        try {
            return write(key, data, (chunkNo, bytes) -> database.separateTransaction(c -> {
                insert(c, key, chunkNo, bytes);
                return null;
            }));
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e);
        }
    }

    private interface ChunkWriter {
        void write(int chunkNo, byte[] bytes) throws SQLException;
    }

    private static long write(String key, InputStream data, ChunkWriter writer) throws SQLException {
        long size = 0;
        byte[] chunk = new byte[CHUNK_BYTES];
        try {
            for (int chunkNo = 0;; chunkNo++) {
                int length = data.readNBytes(chunk, 0, CHUNK_BYTES);
                if (length == 0 && chunkNo > 0) {
                    return size;
                }
                writer.write(chunkNo, length == CHUNK_BYTES ? chunk : Arrays.copyOf(chunk, length));
                size += length;
                if (length < CHUNK_BYTES) {
                    return size;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the upload failed: " + e.getMessage(), e);
        }
    }

    private void insert(Connection c, String key, int chunkNo, byte[] bytes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, key);
            ps.setInt(2, chunkNo);
            ps.setBytes(3, bytes);
            ps.executeUpdate();
        }
    }

    /** The whole content, read chunk by chunk, each in a short read of its own. */
    public InputStream read(String key) {
        return read(key, 0, Long.MAX_VALUE);
    }

    /** {@code length} bytes from {@code offset} (fewer if the content ends first), read chunk by chunk. */
    public InputStream read(String key, long offset, long length) {
        return new InputStream() {
            private byte[] chunk = new byte[0];
            private int position;
            private long nextChunk = offset / CHUNK_BYTES;
            private int skip = (int) (offset % CHUNK_BYTES);
            private long remaining = length;
            private boolean end;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (remaining <= 0) {
                    return -1;
                }
                while (position == chunk.length) {
                    if (end || !fetch()) {
                        end = true;
                        return -1;
                    }
                }
                int n = (int) Math.min(Math.min(len, chunk.length - position), remaining);
                System.arraycopy(chunk, position, buffer, off, n);
                position += n;
                remaining -= n;
                return n;
            }

            private boolean fetch() {
                byte[] next = database.read(c -> {
                    try (PreparedStatement ps = c.prepareStatement(select)) {
                        ps.setString(1, key);
                        ps.setInt(2, Math.toIntExact(nextChunk));
                        try (ResultSet rs = ps.executeQuery()) {
                            return rs.next() ? rs.getBytes(1) : null;
                        }
                    }
                });
                if (next == null) {
                    return false;
                }
                chunk = next;
                position = Math.min(skip, chunk.length);
                skip = 0;
                nextChunk++;
                return true;
            }
        };
    }

    public void delete(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(delete)) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }
}
