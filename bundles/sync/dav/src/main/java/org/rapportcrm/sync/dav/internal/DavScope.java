package org.rapportcrm.sync.dav.internal;

import java.util.function.Predicate;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.Record;

/**
 * One collection of an area as a user sees it: the user's own (where new items go), one per team of theirs, one per
 * saved list view of the type they see. Its records are those the user may read that {@code filter} selects;
 * {@code contains} says the same of one record in memory, so a record that leaves the collection is reported gone.
 *
 * @param segment the collection's name in the path
 * @param filter null for every record the user may read
 * @param own whether new items may be created in it (the user's own collection)
 */
record DavScope(String segment, String displayName, Filter filter, Predicate<Record> contains, boolean own) {
    static final String TEAM = "team-";
    static final String VIEW = "view-";
}
