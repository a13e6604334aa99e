package org.rapportcrm.platform.api.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.osgi.annotation.versioning.ProviderType;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Create, read, update, delete and query records of any type, as a given actor. Values are validated and converted
 * from their JSON-like forms (strings, numbers, booleans, lists, maps for money) against the type's metadata.
 * Permissions are checked here, for every caller alike. Each change is audited and, once committed, handed to every
 * {@link org.rapportcrm.platform.api.event.RecordChangeListener}.
 */
@ProviderType
public interface RecordService {
    Record create(Actor actor, String type, Map<String, Object> values);

    /**
     * Creates many records of one type in one transaction, as imports do: every row is validated like a single
     * create; valid rows are written with batched statements, refused rows are reported in the result.
     */
    BatchResult createAll(Actor actor, String type, List<Map<String, Object>> rows);

    Record get(Actor actor, String type, String id);

    /** Applies {@code changes} if the record is still at {@code expectedVersion}; otherwise throws {@link StaleVersionException}. */
    Record update(Actor actor, String type, String id, long expectedVersion, Map<String, Object> changes);

    /**
     * Deletes the record, in one transaction with what the reference fields pointing at it declare
     * ({@link org.rapportcrm.platform.api.metadata.DeleteRule}): records pointing at it by a {@code CASCADE} reference
     * are deleted too, by their own rules in turn; {@code SET_NULL} references are cleared, each an audited update of
     * the record that holds it; a {@code RESTRICT} reference refuses the delete with {@link DeleteRestrictedException}.
     * A master's details (a child type's records) go with it as part of its delete, as in a master-detail relation;
     * records reached by another {@code CASCADE} reference must each be deletable by the actor, and an external
     * principal must be allowed to delete every record the delete would remove. Clearing references is part of the
     * delete the actor may make, whoever owns the records holding them, so no reference is left pointing at nothing.
     */
    void delete(Actor actor, String type, String id, long expectedVersion);

    /**
     * What deleting the record would do now, as {@link #delete} would do it: refused, or which other records it
     * deletes and which references it clears. Needs the right to delete the record.
     */
    Deletion deletion(Actor actor, String type, String id);

    /**
     * One page of the records the actor may read that match the query, in its order, by keyset. A sort that no index
     * holds in the asked direction is refused with {@link org.rapportcrm.platform.api.query.InvalidQueryException} on a
     * large table (unless the filter picks its rows by equality on an indexed field), rather than sorting the whole
     * table for every page: see {@link #sortableFields}.
     */
    Page<Record> query(Actor actor, Query query);

    /**
     * The fields (system fields included) that lists of {@code type} can be sorted by, ascending and descending,
     * without sorting the table for every page: those an index holds in order, and on a small table every comparable
     * field. What a console should offer as sortable columns.
     */
    List<String> sortableFields(Actor actor, String type);

    /** How many records of {@code type} the actor may read match {@code filter} (null for all). */
    long count(Actor actor, String type, org.rapportcrm.platform.api.query.Filter filter);

    /**
     * The count, sum, minimum and maximum of a numeric field (integer, decimal, percent, money) over the records of
     * {@code type} the actor may read that match {@code filter} (null for all), in one aggregate query: for figures
     * such as an average handling time without reading the records. A money field's amounts are added as they are,
     * whatever their currencies: total money only where the records hold one currency.
     *
     * @throws org.rapportcrm.platform.api.query.InvalidQueryException naming {@code field} if it is not a numeric
     *     field the actor may read
     * @since 1.2
     */
    Totals totals(Actor actor, String type, String field, org.rapportcrm.platform.api.query.Filter filter);

    /**
     * How many of the records of {@code type} the actor may read that match {@code filter} (null for all) hold each
     * combination of values of {@code fields}, counted by the database in one grouped query (SQL {@code GROUP BY}):
     * for charts such as posts per day and sentiment, or the busiest authors, without reading the records. Largest
     * groups first, at most {@code limit} of them.
     *
     * @param fields one or more fields the actor may read, of a type whose values compare as they are (text,
     *     picklist, reference, date, date-time, integer, decimal, boolean; not money, multi-select or long text)
     * @throws org.rapportcrm.platform.api.query.InvalidQueryException naming a field that cannot be grouped by
     * @since 1.2
     */
    List<GroupCount> countBy(Actor actor, String type, List<String> fields, org.rapportcrm.platform.api.query.Filter filter, int limit);

    /**
     * Global search: records of every type the actor may read whose searchable fields (names, emails, ...) start with
     * each word of {@code text}, case-insensitively; at most {@code limitPerType} of each type.
     */
    List<Record> search(Actor actor, String text, int limitPerType);

    /**
     * The records of the type that {@code filter} (null: every record) selects and the actor may read, as SQL for
     * set-based work in the database; see {@link RecordSelection}.
     *
     * @throws org.rapportcrm.platform.api.query.InvalidQueryException when the filter names a field the type lacks
     * @since 1.4
     */
    RecordSelection select(Actor actor, String type, org.rapportcrm.platform.api.query.Filter filter);

    /** The audited changes of one record, newest first. */
    List<Change> history(Actor actor, String type, String id, int limit);

    /**
     * Runs {@code work} as one transaction: the record calls it makes on this thread commit together when it returns
     * and roll back together when it throws (as a lead conversion must: account, contact, opportunity and the lead, or
     * nothing). Events and change listeners see the changes only after the commit. Let failures propagate: a caught
     * failure may leave the transaction unable to commit.
     */
    <T> T inTransaction(Supplier<T> work);

    /**
     * What the current transaction keeps under {@code key}: made by {@code create} on first use, gone when the
     * transaction ends, whether it commits or not. For what a trigger does once per transaction instead of once per
     * record, which counts when an import writes a batch of records in one transaction: settings read once for the
     * batch, a counter moved on once at the commit (with {@link #beforeCommit}). Outside a transaction, {@code create}
     * makes a new value at every call.
     *
     * @since 1.3
     */
    <T> T transactionState(Object key, Supplier<T> create);

    /**
     * Runs {@code work} at the end of the current transaction, just before it commits, and as part of it: the records
     * it writes commit with the others, and if it throws, the transaction rolls back. Outside a transaction it runs at
     * once.
     *
     * @since 1.3
     */
    void beforeCommit(Runnable work);

    /**
     * Hands every record {@code query} matches to {@code action}, reading pages of the query's limit with the cursor,
     * so memory stays bounded however many match.
     */
    default void forEach(Actor actor, Query query, Consumer<Record> action) {
        Query page = query;
        String cursor;
        do {
            Page<Record> found = query(actor, page);
            found.items().forEach(action);
            cursor = found.nextCursor();
            page = query.after(cursor);
        } while (cursor != null);
    }

    /** Every record {@code query} matches, in a list: for short lists such as a quote's lines or a process's stages. */
    default List<Record> all(Actor actor, Query query) {
        List<Record> all = new ArrayList<>();
        forEach(actor, query, all::add);
        return all;
    }
}
