package org.rapportcrm.sales.internal.analytics;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.api.ForecastFigures;
import org.rapportcrm.sales.api.KpiRequest;
import org.rapportcrm.sales.api.SalesKpiService;
import org.rapportcrm.sales.api.SalesKpis;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * Sales KPIs of a date range, read as the caller with queries filtered in the database by the range (and the owner);
 * leads are only counted. The days of the range are UTC days, from the start of {@code from} to the end of {@code to}.
 */
@Component(service = SalesKpiService.class)
public class SalesKpiCalculator implements SalesKpiService {
    private static final String CLOSED = Deal.Category.CLOSED.label;
    private static final String OMITTED = Deal.Category.OMITTED.label;

    private final RecordService records;
    private final CurrencyRates rates;
    private final StageConversions stageConversions;

    @Activate
    public SalesKpiCalculator(@Reference RecordService records, @Reference CurrencyRates rates) {
        this.records = records;
        this.rates = rates;
        this.stageConversions = new StageConversions(records);
    }

    @Override
    public SalesKpis kpis(Actor actor, KpiRequest request) {
        Instant start = request.from().atStartOfDay(ZoneOffset.UTC).toInstant();
        // The last millisecond of the range (times are stored to the millisecond): a bound the database can take up to 9999-12-31.
        Instant last = request.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
        Filter owner = request.ownerId() == null ? null : Filter.eq("owner", request.ownerId());
        UnconvertedTally unconverted = new UnconvertedTally();

        ClosedDealsTally closed = new ClosedDealsTally();
        forEachDeal(actor, unconverted, closed::add, owner, Filter.ge("closedAt", start), Filter.le("closedAt", last),
                Filter.in("forecastCategory", List.of(CLOSED, OMITTED)));
        // Open now and expected to close within the range ("ne" also matches a category never set, which counts as open).
        ForecastTally open = new ForecastTally();
        forEachDeal(actor, unconverted, open::add, owner, Filter.ge("closeDate", request.from()), Filter.le("closeDate", request.to()),
                Filter.ne("forecastCategory", CLOSED), Filter.ne("forecastCategory", OMITTED));
        ForecastFigures pipeline = open.figures();

        Filter createdInRange = all(owner, Filter.ge("createdAt", start), Filter.le("createdAt", last));
        long leadsCreated = records.count(actor, SalesTypes.LEAD, createdInRange);
        long leadsConverted = records.count(actor, SalesTypes.LEAD, all(createdInRange, Filter.eq("status", SalesTypes.LEAD_CONVERTED)));

        return new SalesKpis(request.from(), request.to(), request.ownerId(), rates.corporateCurrency(),
                closed.winRate(), closed.averageDealSize(), closed.salesCycleDays(), pipeline.pipeline(),
                Figures.ratio(leadsConverted, leadsCreated), closed.wonAmount(), closed.wonCount(), closed.lostCount(),
                pipeline.pipelineCount(), leadsCreated, leadsConverted, stageConversions.of(actor, start, last, request.ownerId()),
                unconverted.currencies());
    }

    private void forEachDeal(Actor actor, UnconvertedTally unconverted, Consumer<Deal> action, Filter... conditions) {
        RecordPages.forEach(records, actor, Query.of(SalesTypes.OPPORTUNITY).where(all(conditions)),
                opportunity -> Deal.of(opportunity, rates, unconverted).ifPresent(action));
    }

    /** The conditions that are given, and-ed. */
    private static Filter all(Filter... conditions) {
        return new Filter.Junction(true, Arrays.stream(conditions).filter(Objects::nonNull).toList());
    }
}
