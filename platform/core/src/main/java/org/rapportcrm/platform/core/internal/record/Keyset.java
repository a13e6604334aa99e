package org.rapportcrm.platform.core.internal.record;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.Query;

/**
 * Keyset paging over a {@link SortKey}: a page is the rows after the previous page's last row in (key, id) order, and
 * its cursor carries that row's key values and id.
 * <p>
 * The rows after a cursor are read as consecutive index ranges, each a query of equalities on the leading key columns
 * and one range on the next, which both databases answer by seeking the index to the start of the range and reading
 * just the rows needed (a single condition with OR, or with NULLs folded in, made Derby and PostgreSQL read the table
 * and sort it). Empty values sort last ascending and first descending, as both databases order NULLs.
 */
final class Keyset {
    private static final String FORMAT = "k2";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** The position a cursor names: the last row's key values (null for empty) and id. */
    record Position(List<Object> values, String id) {
    }

    private Keyset() {
    }

    /** The ranges holding the rows after {@code after}, in list order. */
    static List<SqlCondition> rangesAfter(SortKey key, boolean descending, Position after) {
        List<Column> columns = key.columns();
        List<SqlCondition> ranges = new ArrayList<>();
        // Innermost first: the same key values and a later id, then a later value of the last column, and so on outwards.
        ranges.add(and(prefix(columns, after.values(), columns.size()), new SqlCondition("id " + (descending ? "<" : ">") + " ?", List.of(after.id()))));
        for (int i = columns.size() - 1; i >= 0; i--) {
            SqlCondition equalBefore = prefix(columns, after.values(), i);
            String column = columns.get(i).name();
            Object value = after.values().get(i);
            if (descending) {
                ranges.add(and(equalBefore, value == null ? new SqlCondition(column + " IS NOT NULL", List.of())
                        : new SqlCondition(column + " < ?", List.of(value))));
            } else if (value != null) {
                ranges.add(and(equalBefore, new SqlCondition(column + " > ?", List.of(value))));
                ranges.add(and(equalBefore, new SqlCondition(column + " IS NULL", List.of())));
            }
        }
        return ranges;
    }

    /** The first {@code n} key columns equal to the cursor's values. */
    private static SqlCondition prefix(List<Column> columns, List<Object> values, int n) {
        List<SqlCondition> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String column = columns.get(i).name();
            Object value = values.get(i);
            parts.add(value == null ? new SqlCondition(column + " IS NULL", List.of()) : new SqlCondition(column + " = ?", List.of(value)));
        }
        return SqlCondition.and(parts);
    }

    private static SqlCondition and(SqlCondition a, SqlCondition b) {
        return SqlCondition.and(List.of(a, b));
    }

    static String encode(Query q, List<Object> values, String id) {
        List<String> parts = new ArrayList<>(List.of(FORMAT, String.valueOf(q.sortField()), String.valueOf(q.descending()), id));
        for (Object v : values) {
            parts.add(v == null ? "-" : "=" + ENCODER.encodeToString(ValueConverter.format(v).getBytes(StandardCharsets.UTF_8)));
        }
        return ENCODER.encodeToString(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidQueryException for a cursor that is not one of this sort order */
    static Position decode(Query q, SortKey key) {
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(q.cursor()), StandardCharsets.UTF_8).split("\n", -1);
            if (p.length == 4 + key.columns().size() && p[0].equals(FORMAT) && p[1].equals(String.valueOf(q.sortField()))
                    && p[2].equals(String.valueOf(q.descending()))) {
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < key.columns().size(); i++) {
                    String v = p[4 + i];
                    values.add(v.equals("-") ? null : value(key.columns().get(i),
                            new String(Base64.getUrlDecoder().decode(v.substring(1)), StandardCharsets.UTF_8)));
                }
                return new Position(values, p[3]);
            }
        } catch (IllegalArgumentException | DateTimeException | InvalidQueryException e) {
            // not Base64, or a value that is not of its column's type: reported as a bad cursor
        }
        throw new InvalidQueryException("cursor", "cursor: not a cursor of this query (keep the same sort when paging)");
    }

    /**
     * A cursor's value as the row held it. A time is taken exactly: one written outside Rapport (by SQL) can be finer
     * than the milliseconds a filter's time is cut to, and cut, it would lie before its own row, so the next page would
     * start again at the rows of that time.
     */
    private static Object value(Column column, String text) {
        return column.field().getType() == FieldType.DATE_TIME ? Instant.parse(text) : FilterTranslator.value(column, text);
    }
}
