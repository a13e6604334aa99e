package org.rapportcrm.service.knowledge.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Permission;
import org.rapportcrm.platform.api.security.RoleService;

/**
 * What happens with every article write, whoever writes it (REST, console, import): the body is sanitised; the
 * counters and version fields stay Rapport's; the status moves only along the editorial workflow (Draft and In review
 * back and forth, Published, Archived, and back to Draft from the archive); publishing, republishing changed content
 * and archiving need the {@value Permission#PUBLISH} permission; each publication becomes the next immutable version.
 */
@Component(service = {RecordTrigger.class, ArticleRules.class})
public class ArticleRules implements RecordTrigger {
    private static final Set<String> KEPT_BY_RAPPORT = Set.of("versionNumber", "publishedAt", "linkedCases", "views", "helpfulYes", "helpfulNo");

    private final RecordService records;
    private final RoleService roles;
    private final Clock clock;

    @Activate
    public ArticleRules(@Reference RecordService records, @Reference RoleService roles) {
        this(records, roles, Clock.systemUTC());
    }

    ArticleRules(RecordService records, RoleService roles, Clock clock) {
        this.records = records;
        this.roles = roles;
        this.clock = clock;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(KnowledgeTypes.ARTICLE);
    }

    /** Whether the actor may publish and archive articles: reviewers, editors and administrators. */
    public boolean mayPublish(Actor actor) {
        return actor.isSystem() || roles.hasPermission(actor, Permission.PUBLISH);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        if (!actor.isSystem()) {
            for (String field : KEPT_BY_RAPPORT) {
                after.put(field, before != null ? before.get(field) : "publishedAt".equals(field) ? null : Long.valueOf(0));
            }
        }
        if (after.get("body") != null) {
            after.put("body", HtmlBodies.sanitize((String) after.get("body")));
        }
        String from = before == null ? null : (String) before.get("status");
        String to = (String) after.get("status");
        if (!Objects.equals(from, to) && !allowed(from, to)) {
            throw new ValidationException("status", "invalid", from == null ? "a new article starts as Draft, In review or Published, not " + to
                    : "an article goes from " + from + " to " + String.join(" or ", next(from)) + ", not to " + to);
        }
        boolean publishing = KnowledgeTypes.PUBLISHED.equals(to) && (before == null || !to.equals(from) || contentChanged(before, after));
        if ((publishing || KnowledgeTypes.ARCHIVED.equals(to) && !to.equals(from)) && !mayPublish(actor)) {
            String field = before != null && to.equals(from) ? changedContent(before, after) : "status";
            throw new AccessDeniedException(actor.userName() + " may not " + (publishing ? "publish" : "archive") + " knowledge articles: "
                    + "reviewers with the permission '" + Permission.PUBLISH + "' do"
                    + (to.equals(from) ? "; change a published article in a revision (POST /api/v1/knowledgeArticles/{id}/revise)" : ""), field);
        }
        if (publishing && after.get("revisionOf") != null) {
            throw new ValidationException("status", "invalid", "a revision is published with POST /api/v1/knowledgeArticles/{id}/publish, "
                    + "which puts it in place of the article it revises");
        }
        if (publishing) {
            Object number = before == null ? null : before.get("versionNumber");
            after.put("versionNumber", (number == null ? 0 : ((Number) number).longValue()) + 1);
            after.put("publishedAt", clock.instant().truncatedTo(ChronoUnit.MILLIS));
        }
    }

    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        Record article = change.record();
        boolean created = RecordEvents.CREATED.equals(change.kind());
        boolean published = KnowledgeTypes.PUBLISHED.equals(article.get("status"))
                && (created || change.changedFields().contains("versionNumber"));
        if (!RecordEvents.DELETED.equals(change.kind()) && published) {
            Map<String, Object> version = new LinkedHashMap<>();
            version.put("article", article.getId());
            version.put("versionNumber", article.get("versionNumber"));
            version.put("publishedAt", article.get("publishedAt"));
            version.put("publishedBy", actor.isSystem() ? null : actor.userId());
            for (String field : KnowledgeTypes.CONTENT) {
                version.put(field, article.get(field));
            }
            records.create(Actor.system(), KnowledgeTypes.VERSION, version);
        }
    }

    static boolean allowed(String from, String to) {
        return next(from).contains(to);
    }

    private static Set<String> next(String from) {
        if (from == null) {
            return Set.of(KnowledgeTypes.DRAFT, KnowledgeTypes.IN_REVIEW, KnowledgeTypes.PUBLISHED);
        }
        return switch (from) {
            case KnowledgeTypes.DRAFT -> Set.of(KnowledgeTypes.IN_REVIEW, KnowledgeTypes.PUBLISHED, KnowledgeTypes.ARCHIVED);
            case KnowledgeTypes.IN_REVIEW -> Set.of(KnowledgeTypes.DRAFT, KnowledgeTypes.PUBLISHED, KnowledgeTypes.ARCHIVED);
            case KnowledgeTypes.PUBLISHED -> Set.of(KnowledgeTypes.ARCHIVED);
            case KnowledgeTypes.ARCHIVED -> Set.of(KnowledgeTypes.DRAFT);
            default -> Set.of();
        };
    }

    private static boolean contentChanged(Record before, Map<String, Object> after) {
        return changedContent(before, after) != null;
    }

    private static String changedContent(Record before, Map<String, Object> after) {
        return KnowledgeTypes.CONTENT.stream().filter(f -> !Objects.equals(before.get(f), after.get(f))).findFirst().orElse(null);
    }
}
