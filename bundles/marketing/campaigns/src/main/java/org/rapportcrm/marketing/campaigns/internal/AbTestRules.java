package org.rapportcrm.marketing.campaigns.internal;

import java.util.List;

/**
 * The rules of an A/B test, free of storage so they can be read and tested on their own.
 *
 * <p><b>The split:</b> of the campaign's {@code eligible} recipients (those not suppressed), {@code share} percent
 * (rounded half up, but at least one per variant and at most all) form the test share. The recipients are taken in the
 * order of their draw (a hash of campaign and contact: random, yet the same every time), and the k-th of them gets
 * variant {@code k mod n}: the variants' groups differ by at most one recipient.
 *
 * <p><b>The winner:</b> the variant with the highest rate of the campaign's metric, unique recipients who opened (or
 * clicked) over those it was delivered to (sent minus hard bounces; no delivery is a rate of 0). A tie goes to the
 * higher rate of the other metric, then to the variant created first.
 */
final class AbTestRules {
    private AbTestRules() {
    }

    /** A variant's figures over the test share, in numbers of recipients. */
    record Figures(String variantId, long sent, long delivered, long opened, long clicked) {
        double openRate() {
            return rate(opened);
        }

        double clickRate() {
            return rate(clicked);
        }

        private double rate(long count) {
            return delivered == 0 ? 0 : (double) count / delivered;
        }

        long count(String metric) {
            return CampaignTypes.CLICKS.equals(metric) ? clicked : opened;
        }
    }

    /** How many of {@code eligible} recipients go into the test share of {@code variants} variants. */
    static long testSize(long eligible, int sharePercent, int variants) {
        long share = (eligible * sharePercent + 50) / 100;
        return Math.min(eligible, Math.max(variants, share));
    }

    /** The variant of the test share's recipient at {@code rank} (0 for the first in draw order). */
    static String variantAt(long rank, List<String> variantIds) {
        return variantIds.get((int) (rank % variantIds.size()));
    }

    /**
     * The winner by {@code metric} ({@link CampaignTypes#OPENS} or {@link CampaignTypes#CLICKS}) among the variants'
     * figures, given in the order the variants were created (see the class comment for ties).
     */
    static String winner(List<Figures> variants, String metric) {
        String other = CampaignTypes.CLICKS.equals(metric) ? CampaignTypes.OPENS : CampaignTypes.CLICKS;
        Figures best = variants.get(0);
        for (Figures candidate : variants.subList(1, variants.size())) {
            int byMetric = compareRates(candidate, best, metric);
            if (byMetric > 0 || byMetric == 0 && compareRates(candidate, best, other) > 0) {
                best = candidate;
            }
        }
        return best.variantId();
    }

    /** Compares two rates exactly (cross-multiplied, no rounding): a/b against c/d. */
    private static int compareRates(Figures a, Figures b, String metric) {
        long left = a.delivered() == 0 ? 0 : a.count(metric) * Math.max(1, b.delivered());
        long right = b.delivered() == 0 ? 0 : b.count(metric) * Math.max(1, a.delivered());
        return Long.compare(left, right);
    }

}
