package org.rapportcrm.sales.internal.pipeline;

import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * The stages of the sales processes. Read from the records on every use: a process has a handful of stages, found
 * by an index, and an administrator's change applies at once on every node.
 */
@Component(service = SalesStages.class)
public class SalesStages {
    private final RecordService records;

    @Activate
    public SalesStages(@Reference RecordService records) {
        this.records = records;
    }

    /** The active stages of {@code process}, in order. */
    public List<SalesStage> of(String process) {
        return records.query(Actor.system(), Query.of(SalesTypes.SALES_STAGE)
                .where(Filter.and(Filter.eq("process", process), Filter.eq("active", true)))
                .sortBy("position", false).limit(Query.MAX_LIMIT)).items().stream().map(SalesStage::of).toList();
    }

    public Optional<SalesStage> find(String process, String stage) {
        return of(process).stream().filter(s -> s.name().equals(stage)).findFirst();
    }
}
