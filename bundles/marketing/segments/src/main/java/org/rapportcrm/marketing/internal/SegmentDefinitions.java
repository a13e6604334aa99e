package org.rapportcrm.marketing.internal;

import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.query.RecordFilters;
import org.rapportcrm.platform.api.query.RecordPredicate;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;

/**
 * The dynamic segments, compiled once and kept until a segment changes: what every contact change is tested against.
 * Segments are few (dozens), so the whole set is reloaded when one changes.
 */
@Component(service = SegmentDefinitions.class)
public class SegmentDefinitions {
    private final RecordService records;
    private final RecordFilters filters;
    private volatile List<SegmentDefinition> dynamic;

    @Activate
    public SegmentDefinitions(@Reference RecordService records, @Reference RecordFilters filters) {
        this.records = records;
        this.filters = filters;
    }

    /** The dynamic segments as they are now. */
    List<SegmentDefinition> dynamic() {
        List<SegmentDefinition> current = dynamic;
        if (current == null) {
            List<SegmentDefinition> loaded = new ArrayList<>();
            records.forEach(Actor.system(), Query.of(Marketing.SEGMENT).where(Filter.eq("segmentType", Marketing.DYNAMIC)).limit(Query.MAX_LIMIT),
                    r -> loaded.add(compile(r)));
            current = List.copyOf(loaded);
            dynamic = current;
        }
        return current;
    }

    /** Forgets the compiled set: a segment was created, changed or deleted. */
    void invalidate() {
        dynamic = null;
    }

    SegmentDefinition compile(Record segment) {
        return compile(segment.getId(), (String) segment.get("name"), (String) segment.get("filter"), (String) segment.get("accountFilter"));
    }

    /**
     * @throws ValidationException naming {@code filter} or {@code accountFilter} when one does not parse or names a
     *     field its type does not have
     */
    SegmentDefinition compile(String id, String name, String contactFilter, String accountFilter) {
        Filter contact = parse("filter", contactFilter);
        Filter account = parse("accountFilter", accountFilter);
        return new SegmentDefinition(id, name, contact, contact == null ? null : predicate("filter", "contact", contactFilter),
                account, account == null ? null : predicate("accountFilter", "account", accountFilter));
    }

    private static Filter parse(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return FilterExpression.parse(text);
        } catch (InvalidQueryException e) {
            throw new ValidationException(field, "invalid", e.getMessage());
        }
    }

    private RecordPredicate predicate(String field, String type, String text) {
        try {
            RecordPredicate predicate = filters.compile(type, text);
            if (predicate.readsPreviousValues()) {
                throw new ValidationException(field, "invalid", "a segment's filter describes a contact as it is: previous. values have no meaning here");
            }
            return predicate;
        } catch (InvalidQueryException e) {
            throw new ValidationException(field, "invalid", e.getMessage());
        }
    }
}
