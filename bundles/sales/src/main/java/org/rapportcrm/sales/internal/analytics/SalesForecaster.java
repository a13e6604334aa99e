package org.rapportcrm.sales.internal.analytics;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.sales.api.Forecast;
import org.rapportcrm.sales.api.ForecastGrouping;
import org.rapportcrm.sales.api.ForecastMonth;
import org.rapportcrm.sales.api.ForecastPeriod;
import org.rapportcrm.sales.api.ForecastRequest;
import org.rapportcrm.sales.api.ForecastRow;
import org.rapportcrm.sales.api.SalesForecastService;
import org.rapportcrm.sales.internal.SalesTypes;

/** Forecasts from the opportunities closing in a period, read page by page as the caller. */
@Component(service = SalesForecastService.class)
public class SalesForecaster implements SalesForecastService {
    static final String NO_TEAM_LABEL = "No team";

    private final RecordService records;
    private final UserService users;
    private final CurrencyRates rates;

    @Activate
    public SalesForecaster(@Reference RecordService records, @Reference UserService users, @Reference CurrencyRates rates) {
        this.records = records;
        this.users = users;
        this.rates = rates;
    }

    @Override
    public Forecast forecast(Actor actor, ForecastRequest request) {
        ForecastPeriod period = request.period();
        SalesDirectory directory = new SalesDirectory(users);
        ForecastTally total = new ForecastTally();
        Map<YearMonth, ForecastTally> months = new LinkedHashMap<>();
        period.months().forEach(m -> months.put(m, new ForecastTally()));
        Map<String, ForecastTally> groups = new HashMap<>(); // the "no team" group has the key null
        UnconvertedTally unconverted = new UnconvertedTally();

        Query closing = Query.of(SalesTypes.OPPORTUNITY)
                .where(Filter.and(Filter.ge("closeDate", period.start()), Filter.le("closeDate", period.end())));
        RecordPages.forEach(records, actor, closing, opportunity -> Deal.of(opportunity, rates, unconverted).ifPresent(deal -> {
            total.add(deal);
            months.get(YearMonth.from(deal.closeDate())).add(deal);
            for (String key : groupKeys(request.groupBy(), directory, deal.owner())) {
                groups.computeIfAbsent(key, k -> new ForecastTally()).add(deal);
            }
        }));

        List<ForecastMonth> monthRows = new ArrayList<>();
        months.forEach((month, tally) -> monthRows.add(new ForecastMonth(month, tally.figures())));
        return new Forecast(period, request.groupBy(), rates.corporateCurrency(), total.figures(),
                rows(request.groupBy(), directory, groups), monthRows, unconverted.currencies());
    }

    /** The owner, or each team of the owner (so a deal of someone in two teams counts in both), or no team. */
    private static Set<String> groupKeys(ForecastGrouping groupBy, SalesDirectory directory, String owner) {
        if (groupBy == ForecastGrouping.OWNER) {
            return Set.of(owner);
        }
        Set<String> teams = directory.teamIds(owner);
        return teams.isEmpty() ? Collections.singleton(null) : teams;
    }

    private static List<ForecastRow> rows(ForecastGrouping groupBy, SalesDirectory directory, Map<String, ForecastTally> groups) {
        List<ForecastRow> rows = new ArrayList<>();
        groups.forEach((key, tally) -> {
            String label = groupBy == ForecastGrouping.OWNER ? directory.userLabel(key)
                    : key == null ? NO_TEAM_LABEL : directory.teamLabel(key);
            rows.add(new ForecastRow(key, label, tally.figures()));
        });
        // By name, the owners in no team last: a stable order for tables and charts.
        rows.sort(Comparator.comparing((ForecastRow r) -> r.key() == null).thenComparing(ForecastRow::label, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(r -> String.valueOf(r.key())));
        return rows;
    }
}
