package org.rapportcrm.service.knowledge.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;

/**
 * A case links a published article once; the article counts the cases linking it (its usage), whoever links or
 * unlinks it and however (a link removed with its case or its article included).
 */
@Component
public class CaseArticleRules implements RecordTrigger {
    private final RecordService records;
    private final Articles articles;

    @Activate
    public CaseArticleRules(@Reference RecordService records, @Reference Articles articles) {
        this.records = records;
        this.articles = articles;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(KnowledgeTypes.CASE_ARTICLE);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        String articleId = (String) after.get("article");
        if (before != null) {
            if (!Objects.equals(before.get("article"), articleId) || !Objects.equals(before.get("case"), after.get("case"))) {
                throw new ValidationException("article", "invalid", "a link is removed and another one made, not changed");
            }
            return;
        }
        if (articleId == null) {
            return;
        }
        try {
            if (!KnowledgeTypes.PUBLISHED.equals(records.get(actor, KnowledgeTypes.ARTICLE, articleId).get("status"))) {
                throw new ValidationException("article", "invalid", "only a published article is linked to a case");
            }
        } catch (RecordNotFoundException e) {
            return; // the reference check reports it
        }
        if (records.count(Actor.system(), KnowledgeTypes.CASE_ARTICLE, Filter.and(Filter.eq("case", after.get("case")),
                Filter.eq("article", articleId))) > 0) {
            throw new ValidationException("article", "duplicate", "this article is linked to the case already");
        }
    }

    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        Object article = change.record().get("article");
        if (article != null) {
            articles.recountLinks((String) article);
        }
    }
}
