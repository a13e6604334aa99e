package org.rapportcrm.platform.core.internal.db;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows written with PostgreSQL's {@code COPY ... FROM STDIN} (text format) on the caller's connection, so they commit
 * or roll back with its transaction. It passes the rows as one stream instead of a statement per row: what makes a bulk
 * import run at the database's speed. Only loaded on PostgreSQL: the driver is an optional import.
 */
public final class PostgresCopy {
    /** Characters of rows sent to the server at a time. */
    private static final int PIECE = 64 * 1024;

    private PostgresCopy() {
    }

    /** Whether {@code c} leads to a PostgreSQL driver connection that can copy (a pool that hides it cannot). */
    public static boolean canCopy(Connection c) throws SQLException {
        return c.isWrapperFor(PGConnection.class);
    }

    /**
     * Copies {@code rows} into {@code table}'s {@code columns}; each row's values in column order: null, String,
     * Long/Integer, BigDecimal, Boolean, Instant or LocalDate. The rows go out in pieces as they are formatted, so
     * PostgreSQL inserts the first while the next are written. @return the rows copied
     */
    public static long copy(Connection c, String table, List<String> columns, List<List<Object>> rows) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN");
        try {
            StringBuilder text = new StringBuilder(PIECE + PIECE / 4);
            LastTimestamp timestamps = new LastTimestamp();
            for (List<Object> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    if (i > 0) {
                        text.append('\t');
                    }
                    appendValue(text, row.get(i), timestamps);
                }
                text.append('\n');
                if (text.length() >= PIECE) {
                    send(in, text);
                }
            }
            send(in, text);
            // PostgreSQL's refusal of a row (a unique key taken, say) comes here, with its SQL state.
            return in.endCopy();
        } catch (SQLException | RuntimeException e) {
            if (in.isActive()) {
                try {
                    in.cancelCopy();
                } catch (SQLException cancelFailed) {
                    e.addSuppressed(cancelFailed);
                }
            }
            throw e;
        }
    }

    private static void send(CopyIn in, StringBuilder text) throws SQLException {
        if (text.length() > 0) {
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            text.setLength(0);
        }
    }

    /**
     * A timestamp as the record store binds it: UTC wall-clock time (a column without time zone), to the microsecond.
     * Written by hand: {@code DateTimeFormatter} took a sixth of an import's time on PostgreSQL (measured).
     */
    static void appendTimestamp(StringBuilder out, Instant t) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        out.append(utc.toLocalDate()).append(' ');
        pad(out, utc.getHour(), 2).append(':');
        pad(out, utc.getMinute(), 2).append(':');
        pad(out, utc.getSecond(), 2).append('.');
        pad(out, utc.getNano() / 1000, 6);
    }

    private static StringBuilder pad(StringBuilder out, int value, int digits) {
        for (int limit = 10; digits > 1; digits--, limit *= 10) {
            if (value < limit) {
                out.append('0');
            }
        }
        return out.append(value);
    }

    /** One value in COPY's text format: {@code \N} for NULL; backslash, tab, newline and carriage return escaped. */
    static void appendValue(StringBuilder out, Object v) {
        appendValue(out, v, new LastTimestamp());
    }

    private static void appendValue(StringBuilder out, Object v, LastTimestamp timestamps) {
        if (v == null) {
            out.append("\\N");
        } else if (v instanceof Instant t) {
            out.append(timestamps.text(t));
        } else if (v instanceof LocalDate d) {
            out.append(d);
        } else if (v instanceof Boolean b) {
            out.append(b ? 't' : 'f');
        } else if (v instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else if (v instanceof Number n) {
            out.append(n);
        } else {
            String s = v.toString();
            if (!needsEscaping(s)) {
                out.append(s);
                return;
            }
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                switch (ch) {
                    case '\\' -> out.append("\\\\");
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    default -> out.append(ch);
                }
            }
        }
    }

    private static boolean needsEscaping(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
                return true;
            }
        }
        return false;
    }

    /** The rows of a batch carry the same few instants (created, updated, audited at once): each is formatted once. */
    private static final class LastTimestamp {
        private Instant instant;
        private String text;

        String text(Instant t) {
            if (!t.equals(instant)) {
                StringBuilder formatted = new StringBuilder(26);
                appendTimestamp(formatted, t);
                instant = t;
                text = formatted.toString();
            }
            return text;
        }
    }
}
