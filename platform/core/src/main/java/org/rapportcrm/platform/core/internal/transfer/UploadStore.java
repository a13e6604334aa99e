package org.rapportcrm.platform.core.internal.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import org.rapportcrm.platform.core.internal.db.Database;

/**
 * Import uploads in the database, in chunks of {@value #CHUNK_BYTES} bytes, so any node of a cluster can take an
 * import over; memory stays bounded by one chunk whatever the upload's size.
 */
final class UploadStore {
    static final int CHUNK_BYTES = 1 << 20;

    private final Database database;

    UploadStore(Database database) {
        this.database = database;
    }

    /** Stores {@code data} in the caller's transaction. @return its size in bytes */
    long store(Connection c, String jobId, InputStream data) throws SQLException {
        long size = 0;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_job_upload (job_id, chunk_no, data) VALUES (?, ?, ?)")) {
            byte[] chunk = new byte[CHUNK_BYTES];
            for (int chunkNo = 0;; chunkNo++) {
                int length = data.readNBytes(chunk, 0, CHUNK_BYTES);
                if (length == 0 && chunkNo > 0) {
                    return size;
                }
                ps.setString(1, jobId);
                ps.setInt(2, chunkNo);
                ps.setBytes(3, length == CHUNK_BYTES ? chunk : Arrays.copyOf(chunk, length));
                ps.executeUpdate();
                size += length;
                if (length < CHUNK_BYTES) {
                    return size;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the upload failed: " + e.getMessage(), e);
        }
    }

    /** The upload, read chunk by chunk, each in a short read of its own. */
    InputStream open(String jobId) {
        return new InputStream() {
            private byte[] chunk = new byte[0];
            private int position;
            private int nextChunk;
            private boolean end;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                while (position == chunk.length) {
                    if (end || !fetch()) {
                        end = true;
                        return -1;
                    }
                }
                int n = Math.min(length, chunk.length - position);
                System.arraycopy(chunk, position, buffer, offset, n);
                position += n;
                return n;
            }

            private boolean fetch() {
                byte[] next = database.read(c -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT data FROM rapport_job_upload WHERE job_id = ? AND chunk_no = ?")) {
                        ps.setString(1, jobId);
                        ps.setInt(2, nextChunk);
                        try (ResultSet rs = ps.executeQuery()) {
                            return rs.next() ? rs.getBytes(1) : null;
                        }
                    }
                });
                if (next == null) {
                    return false;
                }
                chunk = next;
                position = 0;
                nextChunk++;
                return true;
            }
        };
    }

    void delete(Connection c, String jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rapport_job_upload WHERE job_id = ?")) {
            ps.setString(1, jobId);
            ps.executeUpdate();
        }
    }
}
