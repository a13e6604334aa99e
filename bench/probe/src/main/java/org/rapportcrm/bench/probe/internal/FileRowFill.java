package org.rapportcrm.bench.probe.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Many files on many contacts without their bytes: rows of {@code rapport_file} as the file store writes them (see its
 * migration 11 and FileRows), copied from the files a template contact got through the API, so every row points at
 * content that exists. File {@code i} goes to contact {@code i % contacts}, a second apart, so a contact's files are
 * spread over the table as files uploaded over time are. JDBC batches on Derby, {@code COPY} on PostgreSQL (then
 * {@code ANALYZE}, as autovacuum would soon do).
 */
final class FileRowFill {
    private static final int BATCH = 1000;
    private static final int COPY_ROWS = 20_000;
    private static final int SAMPLE = 1000;
    private static final String COLUMNS = "id, record_type, record_id, name, media_type, size_bytes, sha256, confidential, "
            + "created_at, created_by, text_state, text_at";

    /** The columns the rows copy from a template file. */
    private record Template(String name, String mediaType, long size, String sha256, String createdBy, String textState) {
    }

    private final DataSource dataSource;

    FileRowFill(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Adds {@code files} rows over {@code files / perRecord} contacts other than the template.
     *
     * @return rows, contacts, seconds, rowsPerSecond, method, and {@code sampleRecordIds}: up to {@value #SAMPLE} of
     *         those contacts at random
     */
    Map<String, Object> run(String templateRecordId, long files, int perRecord) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<Template> templates = templates(c, templateRecordId);
            if (templates.isEmpty()) {
                throw new IllegalArgumentException("The contact " + templateRecordId + " has no files to copy");
            }
            int contacts = Math.toIntExact(Math.max(1, files / perRecord));
            List<String> recordIds = contactIds(c, templateRecordId, contacts);
            if (recordIds.size() < contacts) {
                throw new IllegalArgumentException("Only " + recordIds.size() + " contacts besides the template; " + contacts + " needed");
            }
            boolean derby = Jdbc.isDerby(c);
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            long start = System.nanoTime();
            Instant first = Instant.now().minusSeconds(files);
            if (derby) {
                insert(c, templates, recordIds, files, first);
            } else {
                copy(c, templates, recordIds, files, first);
                Jdbc.execute(c, "ANALYZE rapport_file");
                c.commit();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            c.setAutoCommit(autoCommit);
            List<String> sample = new ArrayList<>(recordIds);
            Collections.shuffle(sample, new Random(files));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("rows", files);
            result.put("contacts", contacts);
            result.put("method", derby ? "JDBC batches of " + BATCH : "COPY of " + COPY_ROWS + " rows per commit, then ANALYZE");
            result.put("seconds", seconds);
            result.put("rowsPerSecond", files / seconds);
            result.put("sampleRecordIds", sample.subList(0, Math.min(SAMPLE, sample.size())));
            return result;
        }
    }

    private static List<Template> templates(Connection c, String recordId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, media_type, size_bytes, sha256, created_by, text_state FROM rapport_file "
                + "WHERE record_type = 'contact' AND record_id = ?")) {
            ps.setString(1, recordId);
            List<Template> templates = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    templates.add(new Template(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
            return templates;
        }
    }

    private static List<String> contactIds(Connection c, String excluded, int count) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM rec_contact WHERE id <> ? FETCH FIRST " + count + " ROWS ONLY")) {
            ps.setString(1, excluded);
            List<String> ids = new ArrayList<>(count);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    private static void insert(Connection c, List<Template> templates, List<String> recordIds, long files, Instant first) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rapport_file (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (long i = 0; i < files; i++) {
                Template t = templates.get((int) (i % templates.size()));
                Timestamp at = Timestamp.from(first.plusSeconds(i));
                ps.setString(1, UUID.randomUUID().toString());
                ps.setString(2, "contact");
                ps.setString(3, recordIds.get((int) (i % recordIds.size())));
                ps.setString(4, name(i, t));
                ps.setString(5, t.mediaType());
                ps.setLong(6, t.size());
                ps.setString(7, t.sha256());
                ps.setBoolean(8, false);
                ps.setTimestamp(9, at);
                ps.setString(10, t.createdBy());
                ps.setString(11, t.textState());
                ps.setTimestamp(12, at);
                ps.addBatch();
                if ((i + 1) % BATCH == 0 || i + 1 == files) {
                    ps.executeBatch();
                    c.commit();
                }
            }
        }
    }

    private static void copy(Connection c, List<Template> templates, List<String> recordIds, long files, Instant first) throws SQLException {
        String sql = "COPY rapport_file (" + COLUMNS + ") FROM STDIN";
        PGConnection pg = c.unwrap(PGConnection.class);
        StringBuilder text = new StringBuilder();
        try {
            for (long i = 0; i < files; i++) {
                Template t = templates.get((int) (i % templates.size()));
                String at = Timestamp.from(first.plusSeconds(i)).toString();
                // UUIDs, names made of the template's (uploaded by the bench: no tab, newline or backslash) and plain values.
                text.append(UUID.randomUUID()).append("\tcontact\t").append(recordIds.get((int) (i % recordIds.size()))).append('\t')
                        .append(name(i, t)).append('\t').append(t.mediaType()).append('\t').append(t.size()).append('\t').append(t.sha256())
                        .append("\tf\t").append(at).append('\t').append(t.createdBy() == null ? "\\N" : t.createdBy()).append('\t')
                        .append(t.textState()).append('\t').append(at).append('\n');
                if ((i + 1) % COPY_ROWS == 0 || i + 1 == files) {
                    pg.getCopyAPI().copyIn(sql, new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
                    c.commit();
                    text.setLength(0);
                }
            }
        } catch (IOException e) {
            throw new SQLException(e);
        }
    }

    private static String name(long i, Template t) {
        return String.format("%07d-%s", i, t.name());
    }
}
