package org.rapportcrm.platform.api.query;

import java.util.List;

/** A condition on records: a comparison of one field, or an and/or of other filters. */
public sealed interface Filter permits Filter.Condition, Filter.Junction {

    record Condition(String field, Operator operator, List<Object> values) implements Filter {
        public Condition {
            values = values == null ? List.of() : List.copyOf(values);
        }

        public Object value() {
            return values.isEmpty() ? null : values.get(0);
        }
    }

    record Junction(boolean and, List<Filter> filters) implements Filter {
        public Junction {
            filters = List.copyOf(filters);
        }
    }

    static Filter eq(String field, Object value) { return new Condition(field, Operator.EQ, List.of(value)); }
    static Filter ne(String field, Object value) { return new Condition(field, Operator.NE, List.of(value)); }
    static Filter gt(String field, Object value) { return new Condition(field, Operator.GT, List.of(value)); }
    static Filter ge(String field, Object value) { return new Condition(field, Operator.GE, List.of(value)); }
    static Filter lt(String field, Object value) { return new Condition(field, Operator.LT, List.of(value)); }
    static Filter le(String field, Object value) { return new Condition(field, Operator.LE, List.of(value)); }
    static Filter startsWith(String field, String prefix) { return new Condition(field, Operator.STARTS_WITH, List.of(prefix)); }
    static Filter in(String field, List<?> values) { return new Condition(field, Operator.IN, List.copyOf(values)); }
    static Filter isEmpty(String field) { return new Condition(field, Operator.IS_EMPTY, List.of()); }
    static Filter isNotEmpty(String field) { return new Condition(field, Operator.IS_NOT_EMPTY, List.of()); }
    static Filter and(Filter... filters) { return new Junction(true, List.of(filters)); }
    static Filter or(Filter... filters) { return new Junction(false, List.of(filters)); }
}
