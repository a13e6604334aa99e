package org.rapportcrm.service.knowledge.internal;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.Totals;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.security.Actor;

/**
 * {@code GET /api/v1/knowledge/kpis}: articles by status, the most used published articles (linked cases), and
 * deflection (readers' views and answers to "did this solve your problem"), as the caller may read articles.
 */
@Component
public class KnowledgeKpiResource implements RestResource {
    private static final int MOST_USED = 5;
    private final RecordService records;

    @Activate
    public KnowledgeKpiResource(@Reference RecordService records) {
        this.records = records;
    }

    @Override
    public String path() {
        return "knowledge";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.get("kpis").summary("Knowledge base figures")
                .description("Articles by status (revisions not counted), the most used published articles by linked cases, and deflection: "
                        + "views of published articles and readers' answers; helpfulRate is 0..1, null before any answer.")
                .response(200, "The figures", JsonSchema.object().property("byStatus", JsonSchema.anyObject())
                        .property("mostUsed", JsonSchema.array(JsonSchema.record(KnowledgeTypes.ARTICLE)))
                        .property("views", JsonSchema.integer()).property("helpfulYes", JsonSchema.integer())
                        .property("helpfulNo", JsonSchema.integer()).property("helpfulRate", JsonSchema.number().nullable()))
                .handler(ex -> ex.send(200, kpis(ex.actor()))));
    }

    Map<String, Object> kpis(Actor actor) {
        Map<String, Object> byStatus = new LinkedHashMap<>();
        for (String status : KnowledgeTypes.STATUSES) {
            byStatus.put(status, records.count(actor, KnowledgeTypes.ARTICLE, Filter.and(Filter.eq("status", status), Filter.isEmpty("revisionOf"))));
        }
        Filter published = Filter.eq("status", KnowledgeTypes.PUBLISHED);
        long yes = sum(actor, "helpfulYes", published);
        long no = sum(actor, "helpfulNo", published);
        Map<String, Object> kpis = new LinkedHashMap<>();
        kpis.put("byStatus", byStatus);
        kpis.put("mostUsed", records.query(actor, Query.of(KnowledgeTypes.ARTICLE).where(Filter.and(published, Filter.gt("linkedCases", 0)))
                .sortBy("linkedCases", true).limit(MOST_USED)).items());
        kpis.put("views", sum(actor, "views", published));
        kpis.put("helpfulYes", yes);
        kpis.put("helpfulNo", no);
        kpis.put("helpfulRate", yes + no == 0 ? null : (double) yes / (yes + no));
        return kpis;
    }

    private long sum(Actor actor, String field, Filter filter) {
        Totals totals = records.totals(actor, KnowledgeTypes.ARTICLE, field, filter);
        BigDecimal sum = totals.sum();
        return sum == null ? 0 : sum.longValue();
    }
}
