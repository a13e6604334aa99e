package org.rapportcrm.service.knowledge.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.service.api.Cases;

/**
 * The record types of the knowledge base. An article is what readers see: while it is published, its content is that
 * of its latest version, and a change to it is written in a revision (a draft article revising it) until a reviewer
 * publishes it. Each publication is kept as an immutable version (kept by Rapport alone); a case links the articles
 * that answered it.
 */
@Component
public class KnowledgeTypes implements RecordTypeProvider {
    public static final String ARTICLE = "knowledgeArticle";
    public static final String ARTICLES = "knowledgeArticles";
    public static final String VERSION = "knowledgeArticleVersion";
    public static final String CASE_ARTICLE = "caseArticle";

    public static final String DRAFT = "Draft";
    public static final String IN_REVIEW = "In review";
    public static final String PUBLISHED = "Published";
    public static final String ARCHIVED = "Archived";
    public static final List<String> STATUSES = List.of(DRAFT, IN_REVIEW, PUBLISHED, ARCHIVED);
    public static final String INTERNAL = "Internal";
    public static final String PORTAL = "Portal";
    public static final List<String> VISIBILITIES = List.of(INTERNAL, PORTAL);
    public static final List<String> CATEGORIES = List.of("Getting started", "Account and billing", "Troubleshooting", "How-to",
            "Integrations", "Security and privacy", "Policies");

    /** What a version keeps and a revision changes: the content readers see. */
    public static final List<String> CONTENT = List.of("title", "summary", "body", "keywords", "category", "visibility");
    /** Kept by Rapport from links, views and readers' answers; nobody writes them. */
    public static final List<String> COUNTERS = List.of("linkedCases", "views", "helpfulYes", "helpfulNo");

    static final RecordType ARTICLE_TYPE = new RecordType(ARTICLE, ARTICLES, "Knowledge article", "Knowledge articles", "title", List.of(
            builder("title", FieldType.TEXT).label("Title").maxLength(255).required(true).searchable(true).build(),
            builder("summary", FieldType.TEXT).label("Summary").maxLength(1000).build(),
            // Sanitised HTML: formatting, lists, links, images and tables; scripts and event handlers are removed on write.
            builder("body", FieldType.LONG_TEXT).label("Body").build(),
            builder("category", FieldType.PICKLIST).label("Category").picklistValues(CATEGORIES).indexed(true).build(),
            builder("keywords", FieldType.TEXT).label("Keywords").maxLength(500).build(),
            builder("visibility", FieldType.PICKLIST).label("Visibility").picklistValues(VISIBILITIES).required(true)
                    .defaultValue(INTERNAL).build(),
            builder("status", FieldType.PICKLIST).label("Status").picklistValues(STATUSES).required(true).defaultValue(DRAFT)
                    .indexed(true).build(),
            builder("versionNumber", FieldType.INTEGER).label("Published version").defaultValue(0).build(),
            builder("publishedAt", FieldType.DATE_TIME).label("Published").build(),
            // A draft that revises a published article; publishing it puts its content in place of the article's.
            builder("revisionOf", FieldType.REFERENCE).label("Revision of").referenceTo(ARTICLE).onDelete(DeleteRule.CASCADE).build(),
            builder("linkedCases", FieldType.INTEGER).label("Linked cases").defaultValue(0).indexed(true).build(),
            builder("views", FieldType.INTEGER).label("Views").defaultValue(0).build(),
            builder("helpfulYes", FieldType.INTEGER).label("Helpful").defaultValue(0).build(),
            builder("helpfulNo", FieldType.INTEGER).label("Not helpful").defaultValue(0).build()));

    static final RecordType VERSION_TYPE = new RecordType(VERSION, "knowledgeArticleVersions", "Article version", "Article versions", "title",
            List.of(
            builder("article", FieldType.REFERENCE).label("Article").referenceTo(ARTICLE).required(true).build(),
            builder("versionNumber", FieldType.INTEGER).label("Version").required(true).build(),
            builder("title", FieldType.TEXT).label("Title").maxLength(255).required(true).build(),
            builder("summary", FieldType.TEXT).label("Summary").maxLength(1000).build(),
            builder("body", FieldType.LONG_TEXT).label("Body").build(),
            builder("category", FieldType.PICKLIST).label("Category").picklistValues(CATEGORIES).build(),
            builder("keywords", FieldType.TEXT).label("Keywords").maxLength(500).build(),
            builder("visibility", FieldType.PICKLIST).label("Visibility").picklistValues(VISIBILITIES).build(),
            builder("publishedAt", FieldType.DATE_TIME).label("Published").required(true).build(),
            builder("publishedBy", FieldType.TEXT).label("Published by (user id)").maxLength(36).build()))
            .childOf("article").withKind(RecordType.Kind.SYSTEM);

    static final RecordType CASE_ARTICLE_TYPE = new RecordType(CASE_ARTICLE, "caseArticles", "Linked article", "Linked articles", "article",
            List.of(
            builder("case", FieldType.REFERENCE).label("Case").referenceTo(Cases.TYPE).required(true).build(),
            builder("article", FieldType.REFERENCE).label("Article").referenceTo(ARTICLE).required(true).onDelete(DeleteRule.CASCADE)
                    .indexed(true).build())).childOf("case");

    @Override
    public List<RecordType> recordTypes() {
        return List.of(ARTICLE_TYPE, VERSION_TYPE, CASE_ARTICLE_TYPE);
    }
}
