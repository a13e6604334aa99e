package org.rapportcrm.service.knowledge.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.search.RecordTexts;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.PublicSharingRule;

/** The small declarations of the knowledge base: what portal users read, and the words articles are found by. */
public final class KnowledgeComponents {
    private KnowledgeComponents() {
    }

    /** Every portal user reads the published articles meant for the portal, and no other record of the knowledge base. */
    @Component
    public static class PortalArticles implements PublicSharingRule {
        public static final String FILTER = "status eq 'Published' and visibility eq 'Portal'";

        @Override
        public String recordType() {
            return KnowledgeTypes.ARTICLE;
        }

        @Override
        public String filter() {
            return FILTER;
        }
    }

    /** An article is found by the words of its summary, keywords and body (its title is a searchable field). */
    @Component
    public static class ArticleTexts implements RecordTexts {
        private final RecordService records;

        @Activate
        public ArticleTexts(@Reference RecordService records) {
            this.records = records;
        }

        @Override
        public Map<String, String> texts(String type, Collection<String> ids) {
            if (!KnowledgeTypes.ARTICLE.equals(type) || ids.isEmpty()) {
                return Map.of();
            }
            List<Record> articles = records.all(Actor.system(), Query.of(KnowledgeTypes.ARTICLE).where(Filter.in("id", List.copyOf(ids)))
                    .limit(Query.MAX_LIMIT));
            return articles.stream().collect(Collectors.toMap(Record::getId, a -> Stream.of(a.get("summary"), a.get("keywords"))
                    .filter(v -> v != null).map(Object::toString).collect(Collectors.joining(" ")) + " " + HtmlBodies.text((String) a.get("body"))));
        }
    }
}
