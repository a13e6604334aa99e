package org.rapportcrm.sales.internal.analytics;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.BatchResult;
import org.rapportcrm.platform.api.record.Change;
import org.rapportcrm.platform.api.record.Deletion;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;

/**
 * The real record service, except that one user reads only the records they own, as a role with read scope OWN
 * would make it (every built-in role reads all records, so the core alone cannot show a partial view).
 */
final class OwnRecordsOnly implements RecordService {
    private final RecordService core;
    private final String restrictedUserId;

    OwnRecordsOnly(RecordService core, Actor restricted) {
        this.core = core;
        this.restrictedUserId = restricted.userId();
    }

    private Filter restrict(Actor actor, Filter filter) {
        if (!actor.userId().equals(restrictedUserId)) {
            return filter;
        }
        Filter own = Filter.eq("owner", restrictedUserId);
        return filter == null ? own : Filter.and(filter, own);
    }

    @Override
    public Page<Record> query(Actor actor, Query query) {
        return core.query(actor, query.where(restrict(actor, query.filter())));
    }

    @Override
    public List<String> sortableFields(Actor actor, String type) {
        return core.sortableFields(actor, type);
    }

    @Override
    public long count(Actor actor, String type, Filter filter) {
        return core.count(actor, type, restrict(actor, filter));
    }

    @Override
    public org.rapportcrm.platform.api.record.RecordSelection select(Actor actor, String type, Filter filter) {
        return core.select(actor, type, restrict(actor, filter));
    }

    @Override
    public org.rapportcrm.platform.api.record.Totals totals(Actor actor, String type, String field, Filter filter) {
        return core.totals(actor, type, field, restrict(actor, filter));
    }

    @Override
    public List<org.rapportcrm.platform.api.record.GroupCount> countBy(Actor actor, String type, List<String> fields, Filter filter, int limit) {
        return core.countBy(actor, type, fields, restrict(actor, filter), limit);
    }

    @Override
    public Record create(Actor actor, String type, Map<String, Object> values) {
        return core.create(actor, type, values);
    }

    @Override
    public BatchResult createAll(Actor actor, String type, List<Map<String, Object>> rows) {
        return core.createAll(actor, type, rows);
    }

    @Override
    public Record get(Actor actor, String type, String id) {
        throw new UnsupportedOperationException("not needed by the figures");
    }

    @Override
    public Record update(Actor actor, String type, String id, long expectedVersion, Map<String, Object> changes) {
        return core.update(actor, type, id, expectedVersion, changes);
    }

    @Override
    public void delete(Actor actor, String type, String id, long expectedVersion) {
        core.delete(actor, type, id, expectedVersion);
    }

    @Override
    public Deletion deletion(Actor actor, String type, String id) {
        return core.deletion(actor, type, id);
    }

    @Override
    public List<Record> search(Actor actor, String text, int limitPerType) {
        throw new UnsupportedOperationException("not needed by the figures");
    }

    @Override
    public List<Change> history(Actor actor, String type, String id, int limit) {
        throw new UnsupportedOperationException("not needed by the figures");
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return core.inTransaction(work);
    }

    @Override
    public <T> T transactionState(Object key, Supplier<T> create) {
        return core.transactionState(key, create);
    }

    @Override
    public void beforeCommit(Runnable work) {
        core.beforeCommit(work);
    }
}
