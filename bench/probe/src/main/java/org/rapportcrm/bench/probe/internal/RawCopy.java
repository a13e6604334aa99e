package org.rapportcrm.bench.probe.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * The PostgreSQL lower bound: the contacts copied with {@code COPY ... FROM STDIN} (text format) through pgjdbc's
 * CopyManager, {@value RawJdbcInsert#BATCH} rows per COPY and commit, as an import's batches are. Only loaded on
 * PostgreSQL.
 */
final class RawCopy {
    private RawCopy() {
    }

    /** @return the seconds the copies and their commits took */
    static double copy(Connection c, List<ScratchTable.Column> columns, long rows, long seed) throws SQLException {
        String sql = "COPY " + ScratchTable.NAME + " (" + String.join(", ", columns.stream().map(ScratchTable.Column::name).toList())
                + ") FROM STDIN";
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        PGConnection pg = c.unwrap(PGConnection.class);
        long start = System.nanoTime();
        Timestamp now = Timestamp.from(Instant.now());
        StringBuilder text = new StringBuilder();
        try {
            for (long row = 1; row <= rows; row++) {
                ContactData d = ContactData.of(row, seed);
                for (int i = 0; i < columns.size(); i++) {
                    text.append(i == 0 ? "" : "\t");
                    Object v = RawJdbcInsert.value(columns.get(i).name(), d, now);
                    // The generated contacts hold no tab, newline or backslash: no escaping needed.
                    text.append(v == null ? "\\N" : v instanceof Boolean b ? (b ? "t" : "f") : v.toString());
                }
                text.append('\n');
                if (row % RawJdbcInsert.BATCH == 0 || row == rows) {
                    pg.getCopyAPI().copyIn(sql, new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
                    c.commit();
                    text.setLength(0);
                }
            }
        } catch (IOException e) {
            throw new SQLException(e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        c.setAutoCommit(autoCommit);
        return seconds;
    }
}
