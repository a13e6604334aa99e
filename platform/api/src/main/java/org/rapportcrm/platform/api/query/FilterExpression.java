package org.rapportcrm.platform.api.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the filter language used by the REST API and the console, for example
 * {@code lastName sw 'Sm' and (country eq 'DE' or country in ('AT','CH')) and email notempty}.
 * Operators: eq ne gt ge lt le sw in empty notempty; combine with and/or and parentheses (and binds tighter).
 * Values are quoted with single quotes (a quote inside is doubled) or written bare (numbers, dates, true/false);
 * they are kept as text and converted to the field's type by the record service. {@code me} as the value of a user
 * field ({@code owner eq me}, {@code createdBy eq me}) stands for the user who lists, as saved views need.
 */
public final class FilterExpression {
    /** How deep parentheses may nest: ample for any filter a person writes, and far from the parser's stack limit. */
    public static final int MAX_DEPTH = 32;
    private final String text;
    private int pos;
    private int depth;

    private FilterExpression(String text) {
        this.text = text;
    }

    /** @throws InvalidQueryException naming the parameter {@code filter} and the position of the problem */
    public static Filter parse(String text) {
        FilterExpression p = new FilterExpression(text);
        Filter f = p.orExpression();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + text.substring(p.pos) + "'");
        }
        return f;
    }

    private Filter orExpression() {
        List<Filter> parts = new ArrayList<>();
        parts.add(andExpression());
        while (keyword("or")) {
            parts.add(andExpression());
        }
        return parts.size() == 1 ? parts.get(0) : new Filter.Junction(false, parts);
    }

    private Filter andExpression() {
        List<Filter> parts = new ArrayList<>();
        parts.add(primary());
        while (keyword("and")) {
            parts.add(primary());
        }
        return parts.size() == 1 ? parts.get(0) : new Filter.Junction(true, parts);
    }

    private Filter primary() {
        skipSpace();
        if (peek('(')) {
            if (++depth > MAX_DEPTH) {
                throw error("parentheses nest more than " + MAX_DEPTH + " deep");
            }
            pos++;
            Filter inner = orExpression();
            expect(')');
            depth--;
            return inner;
        }
        String field = word();
        if (field.isEmpty()) {
            throw error("a field name was expected");
        }
        String opWord = word();
        Operator op = Operator.ofToken(opWord).orElseThrow(() -> error("unknown operator '" + opWord
                + "' (use eq, ne, gt, ge, lt, le, sw, in, empty, notempty)"));
        if (!op.takesValue()) {
            return new Filter.Condition(field, op, List.of());
        }
        if (op == Operator.IN) {
            skipSpace();
            expect('(');
            List<Object> values = new ArrayList<>();
            do {
                values.add(value());
                skipSpace();
            } while (peek(',') && pos++ >= 0);
            expect(')');
            return new Filter.Condition(field, op, values);
        }
        return new Filter.Condition(field, op, List.of(value()));
    }

    private String value() {
        skipSpace();
        if (peek('\'')) {
            StringBuilder sb = new StringBuilder();
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '\'') {
                    if (peek('\'')) {
                        sb.append('\'');
                        pos++;
                    } else {
                        return sb.toString();
                    }
                } else {
                    sb.append(c);
                }
            }
            throw error("unterminated quoted value");
        }
        int start = pos;
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && "(),".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        if (start == pos) {
            throw error("a value was expected");
        }
        return text.substring(start, pos);
    }

    private String word() {
        skipSpace();
        int start = pos;
        // A dot joins words in a field's name: RecordFilters' previous.<field>.
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.' && pos > start)) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private boolean keyword(String kw) {
        skipSpace();
        int end = pos + kw.length();
        if (end <= text.length() && text.regionMatches(true, pos, kw, 0, kw.length())
                && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
            pos = end;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        skipSpace();
        if (!peek(c)) {
            throw error("'" + c + "' was expected");
        }
        pos++;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private InvalidQueryException error(String message) {
        return new InvalidQueryException("filter", "filter, at character " + (pos + 1) + ": " + message);
    }
}
