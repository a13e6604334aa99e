package org.rapportcrm.prm.internal.leads;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses the partner a lead is offered to. Only partners that cover the lead's country (a territory naming it, or
 * {@code Worldwide}), have room under their capacity and have not had the lead before are considered; among them the
 * highest score wins:
 * <ul>
 * <li>tier: 40 points for rank 1, 10 fewer per rank below (none for a tier without a rank);</li>
 * <li>acceptance: up to 30 points for the share of earlier offers the partner accepted (answered or let run out);</li>
 * <li>conversion: up to 30 points for the share of accepted leads it qualified or converted;</li>
 * <li>load: up to 10 points, fewer the more open leads it holds.</li>
 * </ul>
 * Rates are smoothed ((k + 1) / (n + 2)), so a new partner starts at half marks rather than at nothing or everything.
 * Ties go to the partner holding fewer leads, then by name.
 */
final class LeadRouter {
    static final Set<String> EVERYWHERE = Set.of("worldwide", "global", "*");
    static final double TIER_POINTS = 40;
    static final double TIER_STEP = 10;
    static final double ACCEPTANCE_POINTS = 30;
    static final double CONVERSION_POINTS = 30;
    static final double LOAD_POINTS = 10;

    /** What the partner did with its earlier offers. */
    record History(int accepted, int rejected, int expired, int won) {
        static final History NONE = new History(0, 0, 0, 0);

        int answered() {
            return accepted + rejected + expired;
        }
    }

    /**
     * A partner as routing sees it.
     *
     * @param tierRank null when its tier has no rank (or it has no tier)
     * @param capacity the most open leads it may hold, null for no limit
     * @param holding leads offered to it and not answered, and accepted leads still open
     */
    record Candidate(String accountId, String name, String territories, String tierName, Integer tierRank, Integer capacity,
            int holding, History history) {
    }

    /** The chosen partner, its score and the reasons, as the offer records them. */
    record Choice(Candidate partner, double score, String breakdown) {
    }

    private LeadRouter() {
    }

    /** The candidates that may take the lead, best first. */
    static List<Choice> rank(String leadCountry, Set<String> excluded, List<Candidate> candidates) {
        return candidates.stream()
                .filter(c -> !excluded.contains(c.accountId()))
                .filter(c -> covers(c.territories(), leadCountry))
                .filter(c -> c.capacity() == null || c.holding() < c.capacity())
                .map(c -> score(leadCountry, c))
                .sorted(Comparator.comparingDouble(Choice::score).reversed()
                        .thenComparingInt(ch -> ch.partner().holding())
                        .thenComparing(ch -> ch.partner().name(), Comparator.nullsLast(String.CASE_INSENSITIVE_ORDER))
                        .thenComparing(ch -> ch.partner().accountId()))
                .toList();
    }

    static Optional<Choice> best(String leadCountry, Set<String> excluded, List<Candidate> candidates) {
        return rank(leadCountry, excluded, candidates).stream().findFirst();
    }

    /** Whether a partner's territories (a comma or semicolon separated list) cover the country; a lead without one only worldwide. */
    static boolean covers(String territories, String country) {
        Set<String> names = territories == null ? Set.of() : Arrays.stream(territories.split("[,;\\n]"))
                .map(LeadRouter::normal).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        return names.stream().anyMatch(EVERYWHERE::contains) || country != null && names.contains(normal(country));
    }

    private static Choice score(String country, Candidate c) {
        double tier = c.tierRank() == null ? 0 : Math.max(0, TIER_POINTS - TIER_STEP * (c.tierRank() - 1));
        History h = c.history();
        double acceptance = ACCEPTANCE_POINTS * smoothed(h.accepted(), h.answered());
        double conversion = CONVERSION_POINTS * smoothed(h.won(), h.accepted());
        double load = LOAD_POINTS / (1 + c.holding());
        double total = round(tier + acceptance + conversion + load);
        String territory = country != null && covers(withoutEverywhere(c.territories()), country) ? country : "worldwide";
        String breakdown = String.join("; ",
                "territory: " + territory,
                "tier: " + (c.tierName() == null ? "none" : c.tierName()) + (c.tierRank() == null ? " (no rank)" : " (rank " + c.tierRank() + ")")
                        + " " + fmt(tier),
                "acceptance: " + h.accepted() + " of " + h.answered() + " offers " + fmt(acceptance),
                "conversion: " + h.won() + " of " + h.accepted() + " accepted leads " + fmt(conversion),
                "load: " + c.holding() + " open" + (c.capacity() == null ? "" : " of " + c.capacity()) + " " + fmt(load),
                "total " + fmt(total));
        return new Choice(c, total, breakdown);
    }

    private static String withoutEverywhere(String territories) {
        return territories == null ? null : Arrays.stream(territories.split("[,;\\n]"))
                .filter(s -> !EVERYWHERE.contains(normal(s))).collect(Collectors.joining(","));
    }

    private static double smoothed(int successes, int tries) {
        return (successes + 1.0) / (tries + 2.0);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String normal(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
