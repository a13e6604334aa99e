package org.rapportcrm.platform.core.internal.record;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.Operator;
import org.rapportcrm.platform.api.query.RecordFilters;
import org.rapportcrm.platform.api.query.RecordPredicate;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.security.Actor;

/**
 * The list filter language in memory. A filter is first translated to SQL as a list would run it, which checks it
 * exactly as lists do; the in-memory test then compares the same typed values the SQL would.
 */
@Component
public class RecordFiltersImpl implements RecordFilters {
    private final MetadataService metadata;

    @Activate
    public RecordFiltersImpl(@Reference MetadataService metadata) {
        this.metadata = metadata;
    }

    @Override
    public RecordPredicate compile(String recordType, String filter) {
        RecordType type = type(recordType);
        return compile(type, FilterExpression.parse(Objects.requireNonNull(filter, "filter")));
    }

    @Override
    public RecordPredicate compile(String recordType, String filter, Actor actor) {
        RecordType type = type(recordType);
        return compile(type, CurrentUser.resolve(FilterExpression.parse(Objects.requireNonNull(filter, "filter")), type, actor));
    }

    private RecordType type(String recordType) {
        return metadata.type(recordType).orElseThrow(() -> new InvalidQueryException("filter",
                "filter: there is no record type '" + recordType + "'"));
    }

    private static RecordPredicate compile(RecordType type, Filter parsed) {
        new FilterTranslator(type).translate(withoutPrevious(parsed));
        boolean[] readsPrevious = {false};
        Test test = compile(type, parsed, readsPrevious);
        boolean previous = readsPrevious[0];
        return new RecordPredicate() {
            @Override
            public boolean test(Map<String, Object> values, Map<String, Object> previousValues) {
                return test.test(values, previousValues);
            }

            @Override
            public boolean readsPreviousValues() {
                return previous;
            }
        };
    }

    private interface Test {
        boolean test(Map<String, Object> values, Map<String, Object> previousValues);
    }

    private static Filter withoutPrevious(Filter filter) {
        if (filter instanceof Filter.Junction j) {
            return new Filter.Junction(j.and(), j.filters().stream().map(RecordFiltersImpl::withoutPrevious).toList());
        }
        Filter.Condition c = (Filter.Condition) filter;
        return c.field().startsWith(PREVIOUS) ? new Filter.Condition(c.field().substring(PREVIOUS.length()), c.operator(), c.values()) : c;
    }

    private static Test compile(RecordType type, Filter filter, boolean[] readsPrevious) {
        if (filter instanceof Filter.Junction j) {
            List<Test> parts = j.filters().stream().map(f -> compile(type, f, readsPrevious)).toList();
            return j.and() ? (v, p) -> parts.stream().allMatch(t -> t.test(v, p)) : (v, p) -> parts.stream().anyMatch(t -> t.test(v, p));
        }
        Filter.Condition c = (Filter.Condition) filter;
        boolean previous = c.field().startsWith(PREVIOUS);
        readsPrevious[0] |= previous;
        String field = previous ? c.field().substring(PREVIOUS.length()) : c.field();
        Column column = Column.of(type, field).orElseThrow();
        Predicate<Object> matches = condition(column, c);
        if (!previous) {
            return (values, previousValues) -> matches.test(comparable(column, values.get(field)));
        }
        // An update's previous values hold the changed fields only: an unchanged field had the value it has now.
        return (values, previousValues) -> previousValues.isEmpty() ? matches.test(null)
                : matches.test(comparable(column, previousValues.containsKey(field) ? previousValues.get(field) : values.get(field)));
    }

    private static Predicate<Object> condition(Column column, Filter.Condition c) {
        Operator op = c.operator();
        if (op == Operator.IS_EMPTY) {
            return Objects::isNull;
        }
        if (op == Operator.IS_NOT_EMPTY) {
            return Objects::nonNull;
        }
        if (column.field().getType() == FieldType.MULTI_PICKLIST) {
            List<Object> wanted = new ArrayList<>();
            for (Object v : c.values()) {
                wanted.addAll((List<?>) comparable(column, v));
            }
            return actual -> actual instanceof List<?> held && held.stream().anyMatch(wanted::contains);
        }
        List<Object> values = c.values().stream().map(v -> FilterTranslator.value(column, v)).toList();
        Object value = values.get(0);
        return switch (op) {
            case EQ -> actual -> compare(actual, value) == 0;
            case NE -> actual -> actual == null || compare(actual, value) != 0;
            case IN -> actual -> values.stream().anyMatch(v -> compare(actual, v) == 0);
            case STARTS_WITH -> actual -> actual != null
                    && actual.toString().toLowerCase(Locale.ROOT).startsWith(value.toString().toLowerCase(Locale.ROOT));
            case GT -> actual -> actual != null && compare(actual, value) > 0;
            case GE -> actual -> actual != null && compare(actual, value) >= 0;
            case LT -> actual -> actual != null && compare(actual, value) < 0;
            default -> actual -> actual != null && compare(actual, value) <= 0;
        };
    }

    /** A stored value, typed or as JSON, in the form {@link FilterTranslator#value} gives filter values. */
    private static Object comparable(Column column, Object raw) {
        try {
            Object typed = ValueConverter.convert(column.field(), raw);
            return typed instanceof Money m ? m.amount() : typed;
        } catch (ValueConverter.InvalidValue e) {
            return raw.toString(); // a value the field could not hold now (its definition changed) compares as text
        }
    }

    /** Like SQL: decimals by value whatever their scale, everything else by its natural order; empty never matches. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object actual, Object value) {
        if (actual == null) {
            return Integer.MIN_VALUE;
        }
        if (actual instanceof BigDecimal a && value instanceof BigDecimal b) {
            return a.compareTo(b);
        }
        if (actual instanceof Number a && value instanceof Number b) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
        }
        if (actual.getClass() == value.getClass() && actual instanceof Comparable comparable) {
            return comparable.compareTo(value);
        }
        return actual.toString().compareTo(value.toString());
    }
}
