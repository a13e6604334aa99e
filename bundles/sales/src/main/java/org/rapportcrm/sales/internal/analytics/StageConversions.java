package org.rapportcrm.sales.internal.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.api.StageConversion;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * Reads what the stage funnel needs: the stages of the standard process, the stage changes within the range, and the
 * later stage changes of only those opportunities, so a range far back does not load every change since.
 */
final class StageConversions {
    private final RecordService records;

    StageConversions(RecordService records) {
        this.records = records;
    }

    /**
     * @param start the first instant of the range
     * @param last the last instant of the range (included)
     * @param ownerId null for everyone's opportunities
     */
    List<StageConversion> of(Actor actor, Instant start, Instant last, String ownerId) {
        StageFunnel funnel = new StageFunnel(standardStages());
        Query stageChanges = Query.of(SalesTypes.STAGE_CHANGE);
        RecordPages.forEach(records, actor, stageChanges.where(Filter.and(Filter.ge("enteredAt", start), Filter.le("enteredAt", last))),
                c -> funnel.add((String) c.get("opportunity"), (String) c.get("stage"), (Instant) c.get("enteredAt")));
        if (ownerId != null) {
            Set<String> owned = new HashSet<>();
            RecordPages.forEachIn(records, actor, Query.of(SalesTypes.OPPORTUNITY).where(Filter.eq("owner", ownerId)), "id",
                    funnel.opportunityIds(), o -> owned.add(o.getId()));
            funnel.retainOpportunities(owned);
        }
        RecordPages.forEachIn(records, actor, stageChanges.where(Filter.gt("enteredAt", last)), "opportunity", funnel.opportunityIds(),
                c -> funnel.add((String) c.get("opportunity"), (String) c.get("stage"), (Instant) c.get("enteredAt")));
        return funnel.conversions(start, last);
    }

    /** The stages are configuration rather than sales data, so they are read as the platform: everyone's funnel has the same rows. */
    private List<StageFunnel.Stage> standardStages() {
        List<StageFunnel.Stage> stages = new ArrayList<>();
        RecordPages.forEach(records, Actor.system(), Query.of(SalesTypes.SALES_STAGE)
                .where(Filter.eq("process", SalesTypes.STANDARD_PROCESS)).sortBy("position", false),
                s -> stages.add(new StageFunnel.Stage((String) s.get("name"), (Long) s.get("position"), SalesTypes.LOST.equals(s.get("outcome")))));
        return stages;
    }
}
