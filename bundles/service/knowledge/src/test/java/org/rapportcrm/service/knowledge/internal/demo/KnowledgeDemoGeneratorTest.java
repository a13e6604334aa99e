package org.rapportcrm.service.knowledge.internal.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.service.internal.ServiceTypes;
import org.rapportcrm.service.knowledge.internal.ArticleRules;
import org.rapportcrm.service.knowledge.internal.Articles;
import org.rapportcrm.service.knowledge.internal.CaseArticleRules;
import org.rapportcrm.service.knowledge.internal.KnowledgeTypes;

/** The demo knowledge base: forty articles in every state a demo shows, linked to resolved cases, read and rated. */
class KnowledgeDemoGeneratorTest {
    @Test
    void fortyArticlesAcrossTheCategoriesSomeForThePortalSomeDraftsLinkedToResolvedCases() {
        try (CoreFixture core = new CoreFixture()) {
            core.metadata.addProvider(new ServiceTypes());
            core.metadata.addProvider(new KnowledgeTypes());
            ArticleRules rules = new ArticleRules(core.records, core.policy);
            core.records.addTrigger(rules, "knowledge");
            core.records.addTrigger(new CaseArticleRules(core.records, new Articles(core.records, rules)), "knowledge");
            for (String subject : new String[] {"Cannot sign in", "Duplicate charge on card", "Export to CSV fails", "Dashboard is slow"}) {
                core.records.create(Actor.system(), "case", Map.of("subject", subject, "status", "Closed"));
            }

            new KnowledgeDemoGenerator(core.records).generate(42);

            Actor system = Actor.system();
            assertEquals(40, core.records.count(system, KnowledgeTypes.ARTICLE, Filter.isEmpty("revisionOf")));
            assertEquals(1, core.records.count(system, KnowledgeTypes.ARTICLE, Filter.isNotEmpty("revisionOf")), "one revision under way");
            long published = core.records.count(system, KnowledgeTypes.ARTICLE, Filter.eq("status", KnowledgeTypes.PUBLISHED));
            long portal = core.records.count(system, KnowledgeTypes.ARTICLE, Filter.and(Filter.eq("status", KnowledgeTypes.PUBLISHED),
                    Filter.eq("visibility", KnowledgeTypes.PORTAL)));
            assertTrue(published >= 30 && portal >= 20 && portal < published, published + " published, " + portal + " for the portal");
            assertTrue(core.records.count(system, KnowledgeTypes.ARTICLE, Filter.eq("status", KnowledgeTypes.DRAFT)) >= 4);
            assertEquals(1, core.records.count(system, KnowledgeTypes.ARTICLE, Filter.eq("status", KnowledgeTypes.ARCHIVED)));
            for (String category : KnowledgeTypes.CATEGORIES) {
                assertTrue(core.records.count(system, KnowledgeTypes.ARTICLE, Filter.eq("category", category)) > 0, category);
            }
            assertEquals(published + 2, core.records.count(system, KnowledgeTypes.VERSION, null),
                    "a version per published article, the archived one's and a second one of the revised article");
            assertTrue(core.records.count(system, KnowledgeTypes.CASE_ARTICLE, null) > 0);
            assertTrue(core.records.count(system, KnowledgeTypes.ARTICLE, Filter.gt("views", 0)) >= published);
        }
    }
}
