package org.rapportcrm.sales.internal.analytics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rapportcrm.sales.api.Forecast;
import org.rapportcrm.sales.api.ForecastFigures;
import org.rapportcrm.sales.api.ForecastMonth;
import org.rapportcrm.sales.api.ForecastRow;
import org.rapportcrm.sales.api.SalesKpis;
import org.rapportcrm.sales.api.StageConversion;
import org.rapportcrm.sales.api.UnconvertedCurrency;

/**
 * The JSON of the sales endpoints, spelled out here rather than left to a serializer, so the documented shape (see
 * {@link SalesAnalyticsResource}) stays what it is when the API records grow.
 */
final class AnalyticsJson {
    private AnalyticsJson() {
    }

    static Map<String, Object> forecast(Forecast f) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("period", f.period().label());
        json.put("from", f.period().start().toString());
        json.put("to", f.period().end().toString());
        json.put("groupBy", f.groupBy().apiName());
        json.put("currency", f.currency());
        json.put("total", figures(new LinkedHashMap<>(), f.total()));
        json.put("rows", f.rows().stream().map(AnalyticsJson::row).toList());
        json.put("months", f.months().stream().map(AnalyticsJson::month).toList());
        json.put("unconvertedCurrencies", unconverted(f.unconvertedCurrencies()));
        return json;
    }

    static Map<String, Object> kpis(SalesKpis k) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from", k.from().toString());
        json.put("to", k.to().toString());
        json.put("owner", k.ownerId());
        json.put("currency", k.currency());
        json.put("winRate", k.winRate());
        json.put("averageDealSize", k.averageDealSize());
        json.put("salesCycleDays", k.salesCycleDays());
        json.put("pipelineValue", k.pipelineValue());
        json.put("leadConversionRate", k.leadConversionRate());
        json.put("wonAmount", k.wonAmount());
        json.put("wonCount", k.wonCount());
        json.put("lostCount", k.lostCount());
        json.put("openCount", k.openCount());
        json.put("leadsCreated", k.leadsCreated());
        json.put("leadsConverted", k.leadsConverted());
        json.put("stageConversion", k.stageConversion().stream().map(AnalyticsJson::stage).toList());
        json.put("unconvertedCurrencies", unconverted(k.unconvertedCurrencies()));
        return json;
    }

    private static Map<String, Object> row(ForecastRow r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", r.key());
        json.put("label", r.label());
        return figures(json, r.figures());
    }

    private static Map<String, Object> month(ForecastMonth m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("month", m.month().toString());
        return figures(json, m.figures());
    }

    private static Map<String, Object> figures(Map<String, Object> json, ForecastFigures f) {
        json.put("pipeline", f.pipeline());
        json.put("bestCase", f.bestCase());
        json.put("commit", f.commit());
        json.put("closed", f.closed());
        json.put("weighted", f.weighted());
        json.put("pipelineCount", f.pipelineCount());
        json.put("bestCaseCount", f.bestCaseCount());
        json.put("commitCount", f.commitCount());
        json.put("closedCount", f.closedCount());
        json.put("omittedCount", f.omittedCount());
        return json;
    }

    private static Map<String, Object> stage(StageConversion s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stage", s.stage());
        json.put("position", s.position());
        json.put("entered", s.entered());
        json.put("advanced", s.advanced());
        json.put("conversionRate", s.conversionRate());
        return json;
    }

    private static List<Map<String, Object>> unconverted(List<UnconvertedCurrency> currencies) {
        return currencies.stream().map(c -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("currency", c.currency());
            json.put("opportunityCount", c.opportunityCount());
            json.put("amount", c.amount());
            return json;
        }).toList();
    }
}
