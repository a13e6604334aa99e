package org.rapportcrm.platform.core.internal.record;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.osgi.service.component.ComponentServiceObjects;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.search.SearchIndex;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.extension.RankedExtensions;
import org.rapportcrm.platform.core.internal.metadata.MetadataRegistry;
import org.rapportcrm.platform.core.internal.security.AccessPolicy;
import org.rapportcrm.platform.core.internal.security.AccessPolicy.Action;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global search: the best matches of each type the caller may read, from a full-text index where one covers the
 * type, else from the database's prefix indexes. Index hits are only candidates: they are read here under the
 * caller's access condition, so hits the caller may not see, and records deleted since, drop out.
 */
final class GlobalSearch {
    private static final Logger LOG = LoggerFactory.getLogger(GlobalSearch.class);
    /** Candidates asked of the index per round, as a multiple of the page: most callers may read most of what matches. */
    private static final int CANDIDATES_PER_RESULT = 4;
    /** A caller who may read only a few of very many matches gets what this many rounds of candidates held. */
    private static final int MAX_ROUNDS = 5;

    private final Database database;
    private final MetadataRegistry metadata;
    private final RecordStore store;
    private final AccessPolicy policy;
    private final RankedExtensions<SearchIndex> indexes = new RankedExtensions<>();

    GlobalSearch(Database database, MetadataRegistry metadata, RecordStore store, AccessPolicy policy) {
        this.database = database;
        this.metadata = metadata;
        this.store = store;
        this.policy = policy;
    }

    void addIndex(ComponentServiceObjects<SearchIndex> index) {
        indexes.add(index);
    }

    void removeIndex(ComponentServiceObjects<SearchIndex> index) {
        indexes.remove(index);
    }

    void addIndex(SearchIndex index, String bundle) {
        indexes.add(index, bundle);
    }

    void removeIndex(SearchIndex index) {
        indexes.remove(index);
    }

    List<Record> search(Actor actor, String text, int limitPerType) {
        List<String> words = words(text);
        if (words.isEmpty()) {
            return List.of();
        }
        return database.read(c -> {
            List<Record> found = new ArrayList<>();
            for (RecordType type : metadata.types()) {
                String name = type.getApiName();
                if (policy.scope(actor, name, Action.READ) == AccessScope.NONE) {
                    continue;
                }
                SqlCondition access = policy.condition(actor, name, Action.READ);
                RecordType view = policy.view(actor, type);
                // The index knows every searchable field; a caller who may not see one of them searches the database
                // over the fields they see, or a hit would tell what a hidden field holds.
                Optional<RankedExtensions.Extension<SearchIndex>> index = hidesSearchable(type, view) ? Optional.empty() : indexFor(name);
                found.addAll(index.isPresent()
                        ? fromIndex(c, index.get(), view, text, limitPerType, access)
                        : store.search(c, view, words, limitPerType, access));
            }
            return found;
        });
    }

    private static boolean hidesSearchable(RecordType type, RecordType view) {
        return view != type && type.getFields().stream().anyMatch(f -> f.isSearchable() && view.field(f.getApiName()).isEmpty());
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    private Optional<RankedExtensions.Extension<SearchIndex>> indexFor(String type) {
        return indexes.all().stream().filter(index -> {
            try {
                return index.service().covers(type);
            } catch (RuntimeException e) {
                LOG.error("Search index {} of bundle {} failed; searching the database", index.service(), index.bundle(), e);
                return false;
            }
        }).findFirst();
    }

    private List<Record> fromIndex(Connection c, RankedExtensions.Extension<SearchIndex> index, RecordType type, String text,
            int limit, SqlCondition access) throws SQLException {
        List<Record> page = new ArrayList<>();
        int batch = limit * CANDIDATES_PER_RESULT;
        for (int round = 0; round < MAX_ROUNDS && page.size() < limit; round++) {
            List<String> ids;
            try {
                ids = index.service().find(type.getApiName(), text, round * batch, batch);
            } catch (RuntimeException e) {
                LOG.error("Search index {} of bundle {} failed on {}; searching the database", index.service(), index.bundle(),
                        type.getApiName(), e);
                return store.search(c, type, words(text), limit, access);
            }
            Map<String, Record> readable = store.findAll(c, type, ids, access);
            ids.stream().map(readable::get).filter(Objects::nonNull).limit(limit - page.size()).forEach(page::add);
            if (ids.size() < batch) {
                break;
            }
        }
        return page;
    }
}
