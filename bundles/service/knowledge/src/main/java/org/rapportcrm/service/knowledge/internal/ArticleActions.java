package org.rapportcrm.service.knowledge.internal;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;

/** The editorial and reader actions on {@code /api/v1/knowledgeArticles/{id}/...}; the rules are in {@link Articles}. */
public final class ArticleActions {
    private static final JsonSchema ARTICLE = JsonSchema.record(KnowledgeTypes.ARTICLE);

    private ArticleActions() {
    }

    /** One action on articles. */
    abstract static class ArticleAction implements RecordAction {
        final Articles articles;

        ArticleAction(Articles articles) {
            this.articles = articles;
        }

        @Override
        public String recordType() {
            return KnowledgeTypes.ARTICLE;
        }
    }

    /** {@code POST .../revise}: the draft in which a published article is changed while readers see the published one. */
    @Component(service = RecordAction.class)
    public static class Revise extends ArticleAction {
        @Activate
        public Revise(@Reference Articles articles) {
            super(articles);
        }

        @Override
        public String name() {
            return "revise";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(RestRoute.post("").summary("Revise a published article in a draft")
                    .description("Returns the article's open revision, or a new one with its content: a draft article whose revisionOf is "
                            + "this article. Readers see the published article until the revision is published.")
                    .response(200, "The revision", ARTICLE)
                    .handler(ex -> ex.send(200, articles.revise(ex.actor(), ex.pathParameter("id")))));
        }
    }

    /** {@code POST .../publish}: publishes a draft, an article in review or a revision (reviewers only). */
    @Component(service = RecordAction.class)
    public static class Publish extends ArticleAction {
        @Activate
        public Publish(@Reference Articles articles) {
            super(articles);
        }

        @Override
        public String name() {
            return "publish";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(RestRoute.post("").summary("Publish an article or a revision")
                    .description("Needs the permission 'publish'. The article becomes its next immutable version; a revision's content "
                            + "replaces that of the article it revises, and the revision goes.")
                    .response(200, "The published article", ARTICLE)
                    .handler(ex -> ex.send(200, articles.publish(ex.actor(), ex.pathParameter("id")))));
        }
    }

    /** {@code POST .../restore}: brings back the content of an earlier version as a draft. */
    @Component(service = RecordAction.class)
    public static class Restore extends ArticleAction {
        @Activate
        public Restore(@Reference Articles articles) {
            super(articles);
        }

        @Override
        public String name() {
            return "restore";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(RestRoute.post("").summary("Restore an earlier version")
                    .description("Puts the content of the version into a revision while the article is published, else into the article.")
                    .requestBody(JsonSchema.object().property("version", JsonSchema.integer().minimum(1).description("the version number"))
                            .required("version"))
                    .response(200, "The record holding the restored draft", ARTICLE)
                    .handler(ex -> ex.send(200, articles.restore(ex.actor(), ex.pathParameter("id"),
                            ((Number) ex.body().get("version")).longValue()))));
        }
    }

    /** {@code POST .../viewed}: a reader (a portal user) read the article. */
    @Component(service = RecordAction.class)
    public static class Viewed extends ArticleAction {
        @Activate
        public Viewed(@Reference Articles articles) {
            super(articles);
        }

        @Override
        public String name() {
            return "viewed";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(RestRoute.post("").summary("Count a reader's view of a published article")
                    .response(200, "The article's views", JsonSchema.object().property("views", JsonSchema.integer()))
                    .handler(ex -> ex.send(200, Map.of("views", articles.viewed(ex.actor(), ex.pathParameter("id"))))));
        }
    }

    /** {@code POST .../feedback}: "did this solve your problem?" answered yes or no. */
    @Component(service = RecordAction.class)
    public static class Feedback extends ArticleAction {
        @Activate
        public Feedback(@Reference Articles articles) {
            super(articles);
        }

        @Override
        public String name() {
            return "feedback";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(RestRoute.post("").summary("Count a reader's answer to \"did this solve your problem?\"")
                    .requestBody(JsonSchema.object().property("helpful", JsonSchema.bool()).required("helpful"))
                    .response(200, "The count of that answer", JsonSchema.object().property("count", JsonSchema.integer()))
                    .handler(ex -> ex.send(200, Map.of("count", articles.answered(ex.actor(), ex.pathParameter("id"),
                            Boolean.TRUE.equals(ex.body().get("helpful")))))));
        }
    }
}
