package org.rapportcrm.service.knowledge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;

/** An article goes from draft through review to published versions, and readers always see a published one. */
class ArticleWorkflowTest {
    private final KnowledgeFixture kb = new KnowledgeFixture();

    @AfterEach
    void close() {
        kb.close();
    }

    private Record draft(String title) {
        return kb.article(kb.agent, Map.of("title", title, "summary", "How to " + title.toLowerCase(), "body", "<p>Steps</p>",
                "category", "How-to", "visibility", "Portal"));
    }

    private List<Record> versions(Record article) {
        return kb.core.records.all(Actor.system(), Query.of(KnowledgeTypes.VERSION).where(Filter.eq("article", article.getId()))
                .sortBy("versionNumber", false).limit(100));
    }

    @Test
    void anAgentWritesADraftAndSubmitsItButOnlyAReviewerPublishesIt() {
        Record article = draft("Reset a password");
        assertEquals(KnowledgeTypes.DRAFT, article.get("status"));
        kb.update(kb.agent, article, Map.of("status", KnowledgeTypes.IN_REVIEW));

        AccessDeniedException refused = assertThrows(AccessDeniedException.class,
                () -> kb.update(kb.agent, article, Map.of("status", KnowledgeTypes.PUBLISHED)));
        assertEquals("status", refused.getField());
        assertThrows(AccessDeniedException.class, () -> kb.articles.publish(kb.agent, article.getId()));
        assertEquals(KnowledgeTypes.IN_REVIEW, kb.reload(article).get("status"), "nothing half-written");

        Record published = kb.articles.publish(kb.editor, article.getId());
        assertEquals(KnowledgeTypes.PUBLISHED, published.get("status"));
        assertEquals(1L, ((Number) published.get("versionNumber")).longValue());
        assertEquals(List.of("Reset a password"), versions(article).stream().map(v -> v.get("title")).toList());
    }

    @Test
    void theStatusMovesOnlyAlongTheWorkflow() {
        Record article = draft("Export data");
        ValidationException e = assertThrows(ValidationException.class, () -> kb.update(kb.editor, article, Map.of("status", "Bogus")));
        assertEquals("status", e.getErrors().get(0).field());
        assertThrows(AccessDeniedException.class, () -> kb.update(kb.agent, article, Map.of("status", KnowledgeTypes.ARCHIVED)),
                "retiring an article is a reviewer's decision");
        kb.update(kb.editor, article, Map.of("status", KnowledgeTypes.PUBLISHED));
        assertEquals("status", assertThrows(ValidationException.class,
                () -> kb.update(kb.editor, article, Map.of("status", KnowledgeTypes.DRAFT))).getErrors().get(0).field(),
                "a published article is changed in a revision, not pulled back to draft");
        kb.update(kb.editor, article, Map.of("status", KnowledgeTypes.ARCHIVED));
        kb.update(kb.agent, article, Map.of("status", KnowledgeTypes.DRAFT));
        assertEquals(KnowledgeTypes.DRAFT, kb.reload(article).get("status"));
    }

    @Test
    void readersSeeThePublishedVersionWhileARevisionIsEditedAndReviewed() {
        Record article = draft("Cancel a subscription");
        kb.articles.publish(kb.editor, article.getId());

        AccessDeniedException refused = assertThrows(AccessDeniedException.class,
                () -> kb.update(kb.agent, article, Map.of("summary", "Changed in place")));
        assertEquals("summary", refused.getField());

        Record revision = kb.articles.revise(kb.agent, article.getId());
        assertEquals(article.getId(), revision.get("revisionOf"));
        assertEquals(revision.getId(), kb.articles.revise(kb.agent, article.getId()).getId(), "one open revision per article");
        kb.update(kb.agent, revision, Map.of("summary", "New cancellation rules", "status", KnowledgeTypes.IN_REVIEW));
        assertEquals("How to cancel a subscription", kb.reload(article).get("summary"), "readers still see the published text");
        assertThrows(ValidationException.class, () -> kb.update(kb.editor, revision, Map.of("status", KnowledgeTypes.PUBLISHED)),
                "a revision is published in place of its article, by the publish action");

        Record published = kb.articles.publish(kb.editor, revision.getId());
        assertEquals(article.getId(), published.getId());
        assertEquals("New cancellation rules", published.get("summary"));
        assertEquals(2L, ((Number) published.get("versionNumber")).longValue());
        assertEquals(0, kb.core.records.count(Actor.system(), KnowledgeTypes.ARTICLE, Filter.eq("revisionOf", article.getId())), "the revision went");
        assertEquals(List.of("How to cancel a subscription", "New cancellation rules"), versions(article).stream().map(v -> v.get("summary")).toList());
    }

    @Test
    void versionsAreImmutableAndAnEarlierOneCanBeRestored() {
        Record article = draft("Add a user");
        kb.articles.publish(kb.editor, article.getId());
        kb.update(kb.editor, article, Map.of("body", "<p>Second text</p>"));
        Record first = versions(article).get(0);

        assertThrows(AccessDeniedException.class, () -> kb.core.records.update(kb.admin, KnowledgeTypes.VERSION, first.getId(), first.getVersion(),
                Map.of("title", "Rewritten history")), "even administrators do not rewrite a version");
        assertThrows(AccessDeniedException.class, () -> kb.core.records.delete(kb.editor, KnowledgeTypes.VERSION, first.getId(), first.getVersion()));

        Record restored = kb.articles.restore(kb.agent, article.getId(), 1);
        assertEquals(article.getId(), restored.get("revisionOf"), "restored into a revision: readers keep the published text");
        assertEquals("<p>Steps</p>", restored.get("body"));
        assertEquals("<p>Second text</p>", kb.reload(article).get("body"));
        assertEquals("version", assertThrows(ValidationException.class, () -> kb.articles.restore(kb.agent, article.getId(), 9))
                .getErrors().get(0).field());
    }

    @Test
    void theBodyIsSanitisedAndTheCountersAreRapportsToKeep() {
        Record article = kb.article(kb.agent, Map.of("title", "Phishing", "body", "<p onclick=\"steal()\">Hi<script>alert(1)</script></p>",
                "views", 1000));
        assertEquals("<p>Hi</p>", article.get("body"));
        assertEquals(0L, ((Number) article.get("views")).longValue());
        assertNull(article.get("publishedAt"));
        kb.articles.publish(kb.editor, article.getId());
        assertEquals(1L, kb.articles.viewed(kb.agent, article.getId()));
        assertEquals(1L, kb.articles.answered(kb.agent, article.getId(), true));
        Record kept = kb.update(kb.editor, article, Map.of("views", 5, "helpfulNo", 3));
        assertEquals(1L, ((Number) kept.get("views")).longValue());
        assertEquals(0L, ((Number) kept.get("helpfulNo")).longValue());
        assertFalse(kb.rules.mayPublish(kb.agent));
        assertTrue(kb.rules.mayPublish(kb.editor));
    }
}
