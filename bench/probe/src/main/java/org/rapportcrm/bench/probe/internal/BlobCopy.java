package org.rapportcrm.bench.probe.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The best Derby's own JDBC does with one large value, the bound for the file store's upload and download there: a
 * file streamed into one BLOB ({@code setBinaryStream} with its length, one commit) and streamed back out of it
 * ({@code getBinaryStream}) into a file, on the platform's DataSource, in a scratch table dropped afterwards.
 */
final class BlobCopy {
    private static final String TABLE = "bench_blob";
    private static final int BUFFER = 64 * 1024;

    private final DataSource dataSource;

    BlobCopy(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return {@code bytes}, {@code writeSeconds} (file to committed row) and {@code readSeconds} (row to file) */
    Map<String, Object> run(Path source, Path target) throws SQLException, IOException {
        long size = Files.size(source);
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Jdbc.execute(c, "CREATE TABLE " + TABLE + " (id INT NOT NULL PRIMARY KEY, data " + (Jdbc.isDerby(c) ? "BLOB" : "BYTEA") + ")");
                c.commit();
                long start = System.nanoTime();
                try (InputStream in = new BufferedInputStream(Files.newInputStream(source), BUFFER);
                        PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (id, data) VALUES (1, ?)")) {
                    ps.setBinaryStream(1, in, size);
                    ps.executeUpdate();
                }
                c.commit();
                double writeSeconds = (System.nanoTime() - start) / 1e9;
                start = System.nanoTime();
                long read;
                try (PreparedStatement ps = c.prepareStatement("SELECT data FROM " + TABLE + " WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    try (InputStream in = rs.getBinaryStream(1)) {
                        read = Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                c.commit();
                double readSeconds = (System.nanoTime() - start) / 1e9;
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("bytes", read);
                result.put("writeSeconds", writeSeconds);
                result.put("readSeconds", readSeconds);
                return result;
            } finally {
                c.rollback();
                Jdbc.execute(c, "DROP TABLE " + TABLE);
                c.commit();
                c.setAutoCommit(autoCommit);
            }
        }
    }
}
