package org.rapportcrm.marketing.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Static lists changed by hand: contacts added by id or e-mail, from a list view's filter or a CSV, and removed. Only
 * contacts the actor may read are added. Each change first touches the segment's {@code membersChangedAt} through the
 * record service as the actor, so who may change the list is decided (and audited) like any change of the segment.
 */
@Component(service = StaticLists.class)
public class StaticLists {
    /** The most contacts one request adds from a filter. */
    static final int MAX_FROM_FILTER = 100_000;
    /** The most rows of one CSV. */
    static final int MAX_CSV_ROWS = 100_000;
    private static final int IN_LIST = 500;

    private final RecordService records;
    private final MembershipStore store;
    private final Clock clock;

    @Activate
    public StaticLists(@Reference RecordService records, @Reference MembershipStore store) {
        this(records, store, Clock.systemUTC());
    }

    StaticLists(RecordService records, MembershipStore store, Clock clock) {
        this.records = records;
        this.store = store;
        this.clock = clock;
    }

    /** What an addition did: how many entered, and the ids or e-mails that named no contact the actor may read. */
    public record Added(int added, List<String> unmatched) {
    }

    public Added add(Actor actor, String segmentId, Collection<String> contactIds, Collection<String> emails) {
        Set<String> found = new LinkedHashSet<>();
        List<String> unmatched = new ArrayList<>();
        resolve(actor, "id", contactIds, found, unmatched);
        resolve(actor, "email", emails, found, unmatched);
        return new Added(enter(actor, segmentId, found), unmatched);
    }

    /** Adds the contacts the actor may read that match a list filter (a list view's), at most {@link #MAX_FROM_FILTER}. */
    public Added addMatching(Actor actor, String segmentId, String filter) {
        Filter parsed = filter == null || filter.isBlank() ? null : FilterExpression.parse(filter);
        if (records.count(actor, "contact", parsed) > MAX_FROM_FILTER) {
            throw RestException.badRequest("filter", "filter: matches more than " + MAX_FROM_FILTER + " contacts; use a dynamic segment");
        }
        Set<String> found = new LinkedHashSet<>();
        records.forEach(actor, Query.of("contact").where(parsed).limit(Query.MAX_LIMIT), r -> found.add(r.getId()));
        return new Added(enter(actor, segmentId, found), List.of());
    }

    /**
     * Adds the contacts a CSV names: one value per row, or a header row with an {@code email} or {@code id} column.
     * A value with an {@code @} is an e-mail, anything else a contact id.
     */
    public Added addCsv(Actor actor, String segmentId, InputStream csv) throws IOException {
        List<String> ids = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        try (Reader reader = new InputStreamReader(csv, StandardCharsets.UTF_8)) {
            int column = 0;
            boolean first = true;
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setTrim(true).setIgnoreEmptyLines(true).get().parse(reader)) {
                if (row.getRecordNumber() > MAX_CSV_ROWS) {
                    throw new RestException(413, "body", "body: a CSV of at most " + MAX_CSV_ROWS + " rows");
                }
                if (first) {
                    first = false;
                    int header = headerColumn(row);
                    if (header >= 0) {
                        column = header;
                        continue;
                    }
                }
                String value = column < row.size() ? row.get(column) : "";
                if (!value.isEmpty()) {
                    (value.contains("@") ? emails : ids).add(value);
                }
            }
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            throw RestException.badRequest("body", "body: not a CSV: " + e.getMessage());
        }
        return add(actor, segmentId, ids, emails);
    }

    public int remove(Actor actor, String segmentId, Collection<String> contactIds) {
        touch(actor, segmentId);
        return store.remove(segmentId, contactIds, clock.instant()).size();
    }

    private static int headerColumn(CSVRecord row) {
        for (int i = 0; i < row.size(); i++) {
            String name = row.get(i).toLowerCase(java.util.Locale.ROOT);
            if (name.equals("email") || name.equals("e-mail") || name.equals("id") || name.equals("contactid")) {
                return i;
            }
        }
        return -1;
    }

    private int enter(Actor actor, String segmentId, Set<String> contactIds) {
        touch(actor, segmentId);
        return store.add(segmentId, contactIds, clock.instant()).size();
    }

    /** Checks that the segment is a static list the actor may change, and records the change on it. */
    private void touch(Actor actor, String segmentId) {
        Record segment = records.get(actor, Marketing.SEGMENT, segmentId);
        if (!Marketing.STATIC.equals(segment.get("segmentType"))) {
            throw new RestException(409, "segmentType", "Only a static list's members are changed by hand; a dynamic segment's follow its filter");
        }
        Instant now = clock.instant();
        records.update(actor, Marketing.SEGMENT, segmentId, segment.getVersion(), Map.of("membersChangedAt", now.toString()));
    }

    /** Finds the contacts the actor may read by a field, adding their ids to {@code found} and the values that matched none to {@code unmatched}. */
    private void resolve(Actor actor, String field, Collection<String> values, Set<String> found, List<String> unmatched) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(values));
        for (int i = 0; i < distinct.size(); i += IN_LIST) {
            List<String> chunk = distinct.subList(i, Math.min(distinct.size(), i + IN_LIST));
            Map<String, String> matched = new LinkedHashMap<>();
            records.forEach(actor, Query.of("contact").where(Filter.in(field, chunk)).limit(Query.MAX_LIMIT),
                    r -> matched.put(field.equals("id") ? r.getId() : String.valueOf(r.get(field)).toLowerCase(java.util.Locale.ROOT), r.getId()));
            for (String value : chunk) {
                String id = matched.get(field.equals("id") ? value : value.toLowerCase(java.util.Locale.ROOT));
                if (id == null) {
                    unmatched.add(value);
                } else {
                    found.add(id);
                }
            }
        }
    }
}
