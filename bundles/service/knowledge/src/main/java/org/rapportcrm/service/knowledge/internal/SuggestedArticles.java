package org.rapportcrm.service.knowledge.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.search.SearchIndex;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.Cases;

/**
 * {@code GET /api/v1/cases/{id}/suggestedArticles}: the published articles most like the case's subject and
 * description, in the order the search index ranks them (any of the words; more of them, and rarer ones, first), each
 * read as the caller. Without an index that covers articles yet, none are suggested.
 */
@Component(service = RecordAction.class)
public class SuggestedArticles implements RecordAction {
    static final int DEFAULT_LIMIT = 5;
    static final int MAX_LIMIT = 20;
    /** Candidates asked of the index: drafts, archived articles and revisions found among them are left out. */
    private static final int CANDIDATES = 100;

    private final RecordService records;
    private volatile SearchIndex index;

    @Activate
    public SuggestedArticles(@Reference RecordService records) {
        this.records = records;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setIndex(SearchIndex index) {
        this.index = index;
    }

    void unsetIndex(SearchIndex index) {
        if (this.index == index) {
            this.index = null;
        }
    }

    @Override
    public String recordType() {
        return Cases.TYPE;
    }

    @Override
    public String name() {
        return "suggestedArticles";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.get("").summary("Published knowledge articles that may answer the case")
                .description("Ranked by the search index on the case's subject and description.")
                .queryParameter("limit", JsonSchema.integer().minimum(1).maximum(MAX_LIMIT), false, "at most this many (default " + DEFAULT_LIMIT + ")")
                .response(200, "The articles, best first", JsonSchema.object().property("items", JsonSchema.array(JsonSchema.record(KnowledgeTypes.ARTICLE))))
                .handler(ex -> ex.send(200, Map.of("items", suggest(ex.actor(), ex.pathParameter("id"), limit(ex.query("limit")))))));
    }

    List<Record> suggest(Actor actor, String caseId, int limit) {
        Record c = records.get(actor, Cases.TYPE, caseId);
        SearchIndex current = index;
        if (current == null || !current.covers(KnowledgeTypes.ARTICLE)) {
            return List.of();
        }
        String text = Stream.of(c.get("subject"), c.get("description")).filter(v -> v != null).map(Object::toString).collect(Collectors.joining(" "));
        List<String> ranked = current.findSimilar(KnowledgeTypes.ARTICLE, text, CANDIDATES);
        if (ranked.isEmpty()) {
            return List.of();
        }
        List<Record> published = records.all(actor, Query.of(KnowledgeTypes.ARTICLE).where(Filter.and(Filter.in("id", ranked),
                Filter.eq("status", KnowledgeTypes.PUBLISHED))).limit(CANDIDATES));
        return published.stream().sorted(Comparator.comparingInt(r -> ranked.indexOf(r.getId()))).limit(limit).toList();
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw RestException.badRequest("limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
    }
}
