package org.rapportcrm.service.surveys.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.Totals;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.security.Actor;

/**
 * The figures of survey responses, counted by the database as the caller may read responses: how many were invited
 * and answered, the answers by score and rating, the mean score and the headline figure (the CSAT as a share of
 * satisfied answers, the NPS from -100 to 100).
 */
final class SurveyResults {
    static final JsonSchema SCHEMA = JsonSchema.object().property("kind", JsonSchema.string())
            .property("invited", JsonSchema.integer()).property("answered", JsonSchema.integer())
            .property("responseRate", JsonSchema.number().nullable().description("0..1"))
            .property("averageScore", JsonSchema.number().nullable())
            .property("csat", JsonSchema.number().nullable().description("CSAT: the share (0..1) of answers of 4 or 5"))
            .property("nps", JsonSchema.integer().nullable().description("NPS: % promoters (9-10) less % detractors (0-6)"))
            .property("ratings", JsonSchema.anyObject()).property("scores", JsonSchema.anyObject());

    private final RecordService records;

    SurveyResults(RecordService records) {
        this.records = records;
    }

    /**
     * @param invitedScope the responses invited in scope (a survey's, or those sent in a period)
     * @param answeredScope the answers in scope (a survey's, or those given in a period)
     */
    Map<String, Object> results(Actor actor, String kind, Filter invitedScope, Filter answeredScope) {
        Filter answers = Filter.and(answeredScope, Filter.eq("kind", kind), Filter.eq("status", SurveyTypes.ANSWERED));
        long invited = records.count(actor, SurveyTypes.RESPONSE, Filter.and(invitedScope, Filter.eq("kind", kind)));
        long answered = records.count(actor, SurveyTypes.RESPONSE, answers);
        Map<String, Object> scores = new LinkedHashMap<>();
        for (int score = Scores.lowest(kind); score <= Scores.highest(kind); score++) {
            scores.put(String.valueOf(score), answered == 0 ? 0L : records.count(actor, SurveyTypes.RESPONSE, Filter.and(answers, Filter.eq("score", score))));
        }
        long positive = count(actor, answers, Scores.positive(kind));
        long negative = count(actor, answers, Scores.negative(kind));
        Map<String, Object> ratings = new LinkedHashMap<>();
        ratings.put(Scores.positive(kind), positive);
        ratings.put(SurveyTypes.NPS.equals(kind) ? Scores.PASSIVE : Scores.NEUTRAL, answered - positive - negative);
        ratings.put(Scores.negative(kind), negative);
        Totals totals = records.totals(actor, SurveyTypes.RESPONSE, "score", answers);
        BigDecimal average = totals.average();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("kind", kind);
        result.put("invited", invited);
        result.put("answered", answered);
        result.put("responseRate", invited == 0 ? null : Math.min(1.0, (double) answered / invited));
        result.put("averageScore", average == null ? null : average.setScale(2, RoundingMode.HALF_EVEN));
        result.put("csat", SurveyTypes.CSAT.equals(kind) ? Scores.satisfaction(positive, answered) : null);
        result.put("nps", SurveyTypes.NPS.equals(kind) ? Scores.netPromoterScore(positive, negative, answered) : null);
        result.put("ratings", ratings);
        result.put("scores", scores);
        return result;
    }

    private long count(Actor actor, Filter answers, String rating) {
        return records.count(actor, SurveyTypes.RESPONSE, Filter.and(answers, Filter.eq("rating", rating)));
    }
}
