package org.rapportcrm.service.surveys.internal;

import java.util.List;

/**
 * What a score means. CSAT asks for 1 to 5 (4 and 5 are satisfied customers); NPS asks how likely, 0 to 10, one is to
 * recommend us: 9 and 10 are promoters, 7 and 8 passives, 0 to 6 detractors, and the score is the percentage of
 * promoters minus that of detractors.
 */
public final class Scores {
    public static final String PROMOTER = "Promoter";
    public static final String PASSIVE = "Passive";
    public static final String DETRACTOR = "Detractor";
    public static final String SATISFIED = "Satisfied";
    public static final String NEUTRAL = "Neutral";
    public static final String DISSATISFIED = "Dissatisfied";
    public static final List<String> RATINGS = List.of(PROMOTER, PASSIVE, DETRACTOR, SATISFIED, NEUTRAL, DISSATISFIED);

    private Scores() {
    }

    public static int lowest(String kind) {
        return SurveyTypes.NPS.equals(kind) ? 0 : 1;
    }

    public static int highest(String kind) {
        return SurveyTypes.NPS.equals(kind) ? 10 : 5;
    }

    public static boolean valid(String kind, int score) {
        return score >= lowest(kind) && score <= highest(kind);
    }

    public static String rating(String kind, int score) {
        if (!valid(kind, score)) {
            throw new IllegalArgumentException("A " + kind + " score is from " + lowest(kind) + " to " + highest(kind) + ", not " + score);
        }
        if (SurveyTypes.NPS.equals(kind)) {
            return score >= 9 ? PROMOTER : score >= 7 ? PASSIVE : DETRACTOR;
        }
        return score >= 4 ? SATISFIED : score == 3 ? NEUTRAL : DISSATISFIED;
    }

    /** Positive ratings (promoters, satisfied) less negative ones (detractors, dissatisfied). */
    public static String positive(String kind) {
        return SurveyTypes.NPS.equals(kind) ? PROMOTER : SATISFIED;
    }

    public static String negative(String kind) {
        return SurveyTypes.NPS.equals(kind) ? DETRACTOR : DISSATISFIED;
    }

    /** The net promoter score (-100..100) of counts of answers, or null without answers. */
    public static Integer netPromoterScore(long promoters, long detractors, long answers) {
        return answers == 0 ? null : (int) Math.round((promoters - detractors) * 100.0 / answers);
    }

    /** The CSAT: the share (0..1) of answers that are satisfied, or null without answers. */
    public static Double satisfaction(long satisfied, long answers) {
        return answers == 0 ? null : (double) satisfied / answers;
    }
}
