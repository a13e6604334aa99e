package org.rapportcrm.service.knowledge.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Permission;

/**
 * The editorial operations on articles beyond a plain write: revising a published article in a draft, publishing a
 * draft or a revision, restoring an earlier version, and counting what readers do. Every read is made as the caller
 * (so what it may not read is not there); counters are written by Rapport, as nobody may set them.
 */
@Component(service = Articles.class)
public class Articles {
    private static final int COUNT_ATTEMPTS = 5;

    private final RecordService records;
    private final ArticleRules rules;

    @Activate
    public Articles(@Reference RecordService records, @Reference ArticleRules rules) {
        this.records = records;
        this.rules = rules;
    }

    /**
     * The draft in which a published article is changed while readers still see the published one: the open revision
     * if there is one, else a new one with the article's content. Returns it.
     */
    public Record revise(Actor actor, String articleId) {
        return records.inTransaction(() -> {
            Record article = records.get(actor, KnowledgeTypes.ARTICLE, articleId);
            if (article.get("revisionOf") != null) {
                throw new ValidationException("id", "invalid", "this article is itself a revision: edit it");
            }
            if (!KnowledgeTypes.PUBLISHED.equals(article.get("status"))) {
                throw new ValidationException("id", "invalid", "only a published article is revised; a " + article.get("status")
                        + " article is edited as it is");
            }
            return openRevision(actor, articleId).orElseGet(() -> records.create(actor, KnowledgeTypes.ARTICLE, revisionValues(article, article)));
        });
    }

    /**
     * Publishes a draft or an article in review; a revision's content goes in place of the article it revises (its next
     * version) and the revision goes. Returns the published article.
     */
    public Record publish(Actor actor, String articleId) {
        if (!rules.mayPublish(actor)) {
            throw new AccessDeniedException(actor.userName() + " may not publish knowledge articles: reviewers with the permission '"
                    + Permission.PUBLISH + "' do", "status");
        }
        return records.inTransaction(() -> {
            Record article = records.get(actor, KnowledgeTypes.ARTICLE, articleId);
            String revised = (String) article.get("revisionOf");
            if (revised == null) {
                if (KnowledgeTypes.PUBLISHED.equals(article.get("status"))) {
                    return article;
                }
                return records.update(actor, KnowledgeTypes.ARTICLE, articleId, article.getVersion(), Map.of("status", KnowledgeTypes.PUBLISHED));
            }
            Record original = records.get(actor, KnowledgeTypes.ARTICLE, revised);
            Map<String, Object> content = content(article);
            content.put("status", KnowledgeTypes.PUBLISHED);
            Record published = records.update(actor, KnowledgeTypes.ARTICLE, revised, original.getVersion(), content);
            // The revision is now the published version; the reviewer's right to publish covers removing the draft.
            records.delete(Actor.system(), KnowledgeTypes.ARTICLE, articleId, article.getVersion());
            return published;
        });
    }

    /**
     * Brings back the content of an earlier version: into a revision while the article is published (readers keep the
     * published one until it is published), else into the article itself. Returns the record holding the restored draft.
     */
    public Record restore(Actor actor, String articleId, long versionNumber) {
        return records.inTransaction(() -> {
            Record article = records.get(actor, KnowledgeTypes.ARTICLE, articleId);
            Record version = records.all(actor, Query.of(KnowledgeTypes.VERSION).where(Filter.and(Filter.eq("article", articleId),
                    Filter.eq("versionNumber", versionNumber))).limit(1)).stream().findFirst()
                    .orElseThrow(() -> new ValidationException("version", "notFound", "this article has no version " + versionNumber));
            if (!KnowledgeTypes.PUBLISHED.equals(article.get("status"))) {
                return records.update(actor, KnowledgeTypes.ARTICLE, articleId, article.getVersion(), content(version));
            }
            Record revision = revise(actor, articleId);
            return records.update(actor, KnowledgeTypes.ARTICLE, revision.getId(), revision.getVersion(), content(version));
        });
    }

    /** Counts a reader's view of an article the actor may read; returns the article's count. */
    public long viewed(Actor actor, String articleId) {
        return count(actor, articleId, a -> "views");
    }

    /** Counts a reader's answer to "did this solve your problem"; returns the count of that answer. */
    public long answered(Actor actor, String articleId, boolean helpful) {
        return count(actor, articleId, a -> helpful ? "helpfulYes" : "helpfulNo");
    }

    private long count(Actor actor, String articleId, Function<Record, String> counter) {
        Record article = records.get(actor, KnowledgeTypes.ARTICLE, articleId);
        if (!KnowledgeTypes.PUBLISHED.equals(article.get("status"))) {
            throw new ValidationException("id", "invalid", "only a published article is read by readers");
        }
        String field = counter.apply(article);
        for (int attempt = 1; ; attempt++) {
            Record current = records.get(Actor.system(), KnowledgeTypes.ARTICLE, articleId);
            long next = number(current.get(field)) + 1;
            try {
                records.update(Actor.system(), KnowledgeTypes.ARTICLE, articleId, current.getVersion(), Map.of(field, next));
                return next;
            } catch (StaleVersionException e) {
                if (attempt == COUNT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Recounts the cases linked to an article, as Rapport keeps it. */
    void recountLinks(String articleId) {
        try {
            Record article = records.get(Actor.system(), KnowledgeTypes.ARTICLE, articleId);
            long linked = records.count(Actor.system(), KnowledgeTypes.CASE_ARTICLE, Filter.eq("article", articleId));
            if (linked != number(article.get("linkedCases"))) {
                records.update(Actor.system(), KnowledgeTypes.ARTICLE, articleId, article.getVersion(), Map.of("linkedCases", linked));
            }
        } catch (RecordNotFoundException e) {
            // the article is being deleted with its links
        }
    }

    private java.util.Optional<Record> openRevision(Actor actor, String articleId) {
        List<Record> open = records.all(actor, Query.of(KnowledgeTypes.ARTICLE).where(Filter.eq("revisionOf", articleId)).limit(1));
        return open.stream().findFirst();
    }

    private static Map<String, Object> revisionValues(Record article, Record source) {
        Map<String, Object> values = content(source);
        values.put("revisionOf", article.getId());
        values.put("status", KnowledgeTypes.DRAFT);
        return values;
    }

    private static Map<String, Object> content(Record source) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String field : KnowledgeTypes.CONTENT) {
            values.put(field, source.get(field));
        }
        return values;
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
