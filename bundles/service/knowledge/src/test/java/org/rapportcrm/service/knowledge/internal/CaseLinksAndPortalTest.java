package org.rapportcrm.service.knowledge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.NewUser;

/** Cases link the articles that answered them, and portal users read published portal articles and nothing else of the base. */
class CaseLinksAndPortalTest {
    private final KnowledgeFixture kb = new KnowledgeFixture();

    @AfterEach
    void close() {
        kb.close();
    }

    private Record published(String title, String visibility) {
        return kb.article(Actor.system(), Map.of("title", title, "visibility", visibility, "status", KnowledgeTypes.PUBLISHED));
    }

    private Record aCase(String subject) {
        return kb.core.records.create(kb.admin, "case", Map.of("subject", subject));
    }

    private long linkedCases(Record article) {
        return ((Number) kb.reload(article).get("linkedCases")).longValue();
    }

    @Test
    void anArticleCountsTheCasesLinkingItOnceEach() {
        Record article = published("Reset your password", KnowledgeTypes.PORTAL);
        Record first = aCase("Cannot sign in");
        Record second = aCase("Password reset e-mail never arrives");
        Record link = kb.core.records.create(kb.agent, KnowledgeTypes.CASE_ARTICLE, Map.of("case", first.getId(), "article", article.getId()));
        kb.core.records.create(kb.agent, KnowledgeTypes.CASE_ARTICLE, Map.of("case", second.getId(), "article", article.getId()));
        assertEquals(2, linkedCases(article));

        assertEquals("article", assertThrows(ValidationException.class, () -> kb.core.records.create(kb.agent, KnowledgeTypes.CASE_ARTICLE,
                Map.of("case", first.getId(), "article", article.getId()))).getErrors().get(0).field(), "linked once");
        Record draft = kb.article(kb.agent, Map.of("title", "Unreviewed idea"));
        assertThrows(ValidationException.class, () -> kb.core.records.create(kb.agent, KnowledgeTypes.CASE_ARTICLE,
                Map.of("case", first.getId(), "article", draft.getId())), "only published articles answer cases");

        kb.core.records.delete(kb.agent, KnowledgeTypes.CASE_ARTICLE, link.getId(), link.getVersion());
        assertEquals(1, linkedCases(article));
        kb.core.records.delete(kb.admin, "case", second.getId(), kb.reload(second).getVersion());
        assertEquals(0, linkedCases(article), "a link deleted with its case counts no more");
        kb.core.records.create(kb.agent, KnowledgeTypes.CASE_ARTICLE, Map.of("case", first.getId(), "article", article.getId()));
        kb.core.records.delete(kb.admin, KnowledgeTypes.ARTICLE, article.getId(), kb.reload(article).getVersion());
        assertEquals(0, kb.core.records.count(Actor.system(), KnowledgeTypes.CASE_ARTICLE, null), "links go with their article");
    }

    @Test
    void aPortalUserReadsPublishedPortalArticlesOnlyAndChangesNone() {
        Record account = kb.core.records.create(kb.admin, "account", Map.of("name", "Acme"));
        kb.core.users.createUser(kb.admin, new NewUser("pat", "Pat", null, "password-pat", Set.of("portal"), Set.of(), account.getId()));
        Actor pat = kb.core.users.authenticate("pat", "password-pat").orElseThrow();
        Record forCustomers = published("Signing in for the first time", KnowledgeTypes.PORTAL);
        Record internal = published("Refund policy for agents", KnowledgeTypes.INTERNAL);
        Record draft = kb.article(kb.agent, Map.of("title", "Dark mode", "visibility", KnowledgeTypes.PORTAL));
        Record revision = kb.articles.revise(kb.agent, forCustomers.getId());

        assertEquals(List.of(forCustomers.getId()), kb.core.records.query(pat, Query.of(KnowledgeTypes.ARTICLE)).items().stream()
                .map(Record::getId).toList());
        for (Record hidden : List.of(internal, draft, revision)) {
            assertThrows(RecordNotFoundException.class, () -> kb.core.records.get(pat, KnowledgeTypes.ARTICLE, hidden.getId()));
        }
        assertThrows(AccessDeniedException.class, () -> kb.core.records.query(pat, Query.of(KnowledgeTypes.VERSION)), "no version is shared");
        assertThrows(AccessDeniedException.class, () -> kb.core.records.query(pat, Query.of(KnowledgeTypes.CASE_ARTICLE)));
        assertThrows(AccessDeniedException.class, () -> kb.update(pat, forCustomers, Map.of("title", "Defaced")));
        assertThrows(AccessDeniedException.class, () -> kb.article(pat, Map.of("title", "Planted", "visibility", KnowledgeTypes.PORTAL)));

        assertEquals(1L, kb.articles.viewed(pat, forCustomers.getId()), "a portal view is counted");
        assertEquals(1L, kb.articles.answered(pat, forCustomers.getId(), false));
        assertThrows(RecordNotFoundException.class, () -> kb.articles.viewed(pat, internal.getId()));
        assertEquals(1L, ((Number) kb.reload(forCustomers).get("helpfulNo")).longValue());
    }
}
