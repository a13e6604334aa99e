package org.rapportcrm.platform.core.internal.record;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.Operator;
import org.rapportcrm.platform.api.record.Money;

/** Turns a {@link Filter} on a record type into SQL over its table, converting each value to the field's type. */
public final class FilterTranslator {
    /**
     * A value the database selects as the query runs rather than one given in the filter, such as a field of the
     * external principal's account ({@code (SELECT partner_tier FROM rec_account WHERE id = ?)}); it compares only with
     * a field of the same type (and, for references, the same target) with eq, ne, gt, ge, lt, le or in.
     */
    public record SelectedValue(FieldDefinition field, String sql, List<Object> params) {
        public SelectedValue {
            params = List.copyOf(params);
        }
    }

    private final RecordType type;
    private final Set<String> columns = new LinkedHashSet<>();
    private final Set<String> pinned = new LinkedHashSet<>();

    public FilterTranslator(RecordType type) {
        this.type = type;
    }

    /**
     * The columns the conditions translated so far compare: an index holding them all tells which rows match (but for
     * the case of an eq on searchable text, checked on the few rows it finds).
     */
    Set<String> columns() {
        return Set.copyOf(columns);
    }

    /** The columns every matching row has one given value in: equalities not under an {@code or}. */
    Set<String> pinnedColumns() {
        return Set.copyOf(pinned);
    }

    public SqlCondition translate(Filter filter) {
        if (filter == null) {
            return SqlCondition.TRUE;
        }
        List<Object> params = new ArrayList<>();
        String sql = translate(filter, params, true);
        return new SqlCondition(sql, params);
    }

    private String translate(Filter filter, List<Object> params, boolean everyRowMatches) {
        if (filter instanceof Filter.Junction j) {
            List<String> parts = new ArrayList<>();
            for (Filter f : j.filters()) {
                parts.add("(" + translate(f, params, everyRowMatches && j.and()) + ")");
            }
            return String.join(j.and() ? " AND " : " OR ", parts);
        }
        Filter.Condition c = (Filter.Condition) filter;
        Column column = Column.of(type, c.field()).orElseThrow(() -> new InvalidQueryException("filter",
                "filter: " + type.getApiName() + " has no field '" + c.field() + "'"));
        FieldType ft = column.field().getType();
        String col = column.name();
        Operator op = c.operator();
        boolean lowerIndexed = column.hasLowerColumn() && (op == Operator.STARTS_WITH || op == Operator.EQ);
        // An eq on searchable text also compares the exact text, but only of the rows its lower-case index found.
        columns.add(lowerIndexed ? column.lowerName() : col);
        if (everyRowMatches && op == Operator.EQ && ft != FieldType.MULTI_PICKLIST) {
            pinned.add(lowerIndexed ? column.lowerName() : col);
        }
        if (op == Operator.IS_EMPTY) {
            return col + " IS NULL";
        }
        if (op == Operator.IS_NOT_EMPTY) {
            return col + " IS NOT NULL";
        }
        if (c.values().isEmpty()) {
            throw new InvalidQueryException("filter", "filter: " + c.field() + " " + op.token() + " needs a value");
        }
        if (ft == FieldType.LONG_TEXT) {
            throw new InvalidQueryException("filter", "filter: long text field '" + c.field() + "' can only be tested with empty or notempty");
        }
        if (c.values().stream().anyMatch(SelectedValue.class::isInstance)) {
            return selected(column, c, params);
        }
        if (ft == FieldType.MULTI_PICKLIST) {
            return multiPicklist(column, c, params);
        }
        switch (op) {
            case STARTS_WITH -> {
                if (!ft.isTextual() && ft != FieldType.REFERENCE && ft != FieldType.OWNER) {
                    throw new InvalidQueryException("filter", "filter: sw applies to text fields, not to '" + c.field() + "'");
                }
                params.add(likePrefix(String.valueOf(c.value()).toLowerCase(Locale.ROOT)));
                return (column.hasLowerColumn() ? column.lowerName() : "LOWER(" + col + ")") + " LIKE ? ESCAPE '\\'";
            }
            case IN -> {
                List<String> marks = new ArrayList<>();
                for (Object v : c.values()) {
                    params.add(value(column, v));
                    marks.add("?");
                }
                return col + " IN (" + String.join(", ", marks) + ")";
            }
            case NE -> {
                params.add(value(column, c.value()));
                return "(" + col + " <> ? OR " + col + " IS NULL)";
            }
            case EQ -> {
                Object v = value(column, c.value());
                if (column.hasLowerColumn() && v instanceof String text) {
                    // The lower-case column has the index; the exact comparison keeps eq case-sensitive.
                    params.add(text.toLowerCase(Locale.ROOT));
                    params.add(text);
                    return "(" + column.lowerName() + " = ? AND " + col + " = ?)";
                }
                params.add(v);
                return col + " = ?";
            }
            default -> {
                if (ft == FieldType.BOOLEAN) {
                    throw new InvalidQueryException("filter", "filter: " + op.token() + " does not apply to true/false field '" + c.field() + "'");
                }
                params.add(value(column, c.value()));
                return col + " " + switch (op) {
                    case GT -> ">";
                    case GE -> ">=";
                    case LT -> "<";
                    default -> "<=";
                } + " ?";
            }
        }
    }

    /** A comparison with values the database selects: the plain column against each, never its lower-case copy. */
    private String selected(Column column, Filter.Condition c, List<Object> params) {
        FieldDefinition f = column.field();
        Operator op = c.operator();
        if (op == Operator.STARTS_WITH || !f.getType().isComparable()) {
            throw new InvalidQueryException("filter", "filter: " + c.field() + " " + op.token() + " cannot compare with a selected value");
        }
        List<String> operands = new ArrayList<>();
        for (Object v : c.values()) {
            if (v instanceof SelectedValue selected) {
                FieldDefinition other = selected.field();
                if (other.getType() != f.getType() || f.getType() == FieldType.REFERENCE && !f.getReferenceTo().equals(other.getReferenceTo())) {
                    throw new InvalidQueryException("filter", "filter: " + c.field() + " and " + other.getApiName() + " hold different kinds of value");
                }
                operands.add("(" + selected.sql() + ")");
                params.addAll(selected.params());
            } else {
                operands.add("?");
                params.add(value(column, v));
            }
        }
        String col = column.name();
        return switch (op) {
            case IN -> col + " IN (" + String.join(", ", operands) + ")";
            case NE -> "(" + col + " <> " + operands.get(0) + " OR " + col + " IS NULL)";
            case EQ -> col + " = " + operands.get(0);
            case GT -> col + " > " + operands.get(0);
            case GE -> col + " >= " + operands.get(0);
            case LT -> col + " < " + operands.get(0);
            default -> col + " <= " + operands.get(0);
        };
    }

    /** Multi-picklists are stored as ;a;b; so "contains value" is a LIKE; eq and in mean "has (any of) these". */
    private String multiPicklist(Column column, Filter.Condition c, List<Object> params) {
        if (c.operator() != Operator.EQ && c.operator() != Operator.IN) {
            throw new InvalidQueryException("filter", "filter: multi-picklist '" + c.field() + "' takes eq, in, empty or notempty");
        }
        List<String> parts = new ArrayList<>();
        for (Object v : c.values()) {
            try {
                List<?> chosen = (List<?>) ValueConverter.convert(column.field(), v);
                for (Object item : chosen) {
                    params.add("%;" + escapeLike(item.toString()) + ";%");
                    parts.add(column.name() + " LIKE ? ESCAPE '\\'");
                }
            } catch (ValueConverter.InvalidValue e) {
                throw new InvalidQueryException("filter", "filter: " + c.field() + " " + e.getMessage());
            }
        }
        return String.join(" OR ", parts);
    }

    /** The filter value in the column's Java type; a money field is compared by amount. */
    static Object value(Column column, Object raw) {
        FieldDefinition f = column.field();
        try {
            if (f.getType() == FieldType.MONEY) {
                return raw instanceof Money m ? m.amount() : new BigDecimal(String.valueOf(raw).trim());
            }
            if (f.getType().isTextual() || f.getType() == FieldType.REFERENCE || f.getType() == FieldType.OWNER) {
                return String.valueOf(raw); // a value that could never be stored simply matches nothing
            }
            // Comparing with more decimals than the field stores is a fair question, so the scale is not enforced here.
            Object v = ValueConverter.convert(f.getType() == FieldType.DECIMAL || f.getType() == FieldType.PERCENT
                    ? f.toBuilder().scale(10).build() : f, raw);
            if (v == null) {
                throw new InvalidQueryException("filter", "filter: " + f.getApiName() + " needs a value (use empty to find empty fields)");
            }
            return v;
        } catch (ValueConverter.InvalidValue e) {
            throw new InvalidQueryException("filter", "filter: " + f.getApiName() + " " + e.getMessage());
        } catch (NumberFormatException e) {
            throw new InvalidQueryException("filter", "filter: " + f.getApiName() + " must be compared with a number");
        }
    }

    static String likePrefix(String prefix) {
        return escapeLike(prefix) + "%";
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
