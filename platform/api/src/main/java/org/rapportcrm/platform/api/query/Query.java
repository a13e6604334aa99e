package org.rapportcrm.platform.api.query;

import java.util.Objects;

/**
 * A page request over one record type: an optional filter, one sort field (ties broken by id), a page size and the
 * cursor returned with the previous page. Paging is by keyset, so deep pages cost what the first one does.
 */
public record Query(String type, Filter filter, String sortField, boolean descending, int limit, String cursor) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    public Query {
        Objects.requireNonNull(type, "type");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidQueryException("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
    }

    public static Query of(String type) {
        return new Query(type, null, null, false, DEFAULT_LIMIT, null);
    }

    public Query where(Filter f) { return new Query(type, f, sortField, descending, limit, cursor); }
    public Query sortBy(String field, boolean desc) { return new Query(type, filter, field, desc, limit, cursor); }
    public Query limit(int n) { return new Query(type, filter, sortField, descending, n, cursor); }
    public Query after(String c) { return new Query(type, filter, sortField, descending, limit, c); }
}
