package org.rapportcrm.sales.internal.lead;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rapportcrm.platform.api.record.Record;

/**
 * A lead's score and why: the sum of the points of the rules that count, with one line for each field rule that
 * holds and each activity that earns points.
 *
 * <p>An activity rule gives its points for each of the lead's activities of its type (cancelled ones excepted). With a
 * half-life the points halve every so many days since the activity was completed (or, if it has no completion time,
 * created): {@code points * 0.5^(ageDays / halfLifeDays)} with the age in whole days, and whole points, rounded
 * towards zero, so a decayed activity never earns more than its points and one whose share falls below a point stops
 * counting. Whole days keep a score the same all day, so the daily rescoring changes it once a day at most.
 */
record LeadScore(long score, String explanation) {
    static final String CANCELLED = "Cancelled";

    static LeadScore of(Collection<ScoringRule> rules, Map<String, Object> lead, List<Record> activities, Instant now) {
        List<ScoringRule> ordered = rules.stream().sorted(Comparator.comparing((ScoringRule r) -> r.name() == null ? "" : r.name())
                .thenComparing(ScoringRule::id)).toList();
        long total = 0;
        List<String> lines = new ArrayList<>();
        for (ScoringRule rule : ordered) {
            if (!rule.onActivity() && holds(rule, lead.get(rule.field()))) {
                total += rule.points();
                lines.add(signed(rule.points()) + " " + rule.field() + " " + rule.operator()
                        + (ScoringRule.NOT_EMPTY.equals(rule.operator()) ? "" : " " + rule.value()));
            }
        }
        List<Record> newestFirst = activities.stream().sorted(Comparator.comparing(LeadScore::activityTime).reversed()
                .thenComparing(Record::getId)).toList();
        for (ScoringRule rule : ordered) {
            if (!rule.onActivity()) {
                continue;
            }
            for (Record activity : newestFirst) {
                if (!rule.activityType().equalsIgnoreCase(String.valueOf(activity.get("activityType")))
                        || CANCELLED.equals(activity.get("status"))) {
                    continue;
                }
                long points = decayed(rule, activityTime(activity), now);
                if (points != 0) {
                    total += points;
                    lines.add(signed(points) + " " + activity.get("activityType") + " "
                            + activityTime(activity).atZone(ZoneOffset.UTC).toLocalDate()
                            + (rule.halfLifeDays() == null ? "" : " (" + rule.points() + " pts, half-life " + rule.halfLifeDays() + " d)"));
                }
            }
        }
        return new LeadScore(total, lines.isEmpty() ? null : String.join("\n", lines));
    }

    static long decayed(ScoringRule rule, Instant at, Instant now) {
        if (rule.halfLifeDays() == null) {
            return rule.points();
        }
        long ageDays = Math.max(0, Duration.between(at, now).toDays());
        return (long) (rule.points() * Math.pow(0.5, (double) ageDays / rule.halfLifeDays()));
    }

    private static boolean holds(ScoringRule rule, Object value) {
        String text = asText(value);
        return switch (rule.operator()) {
            case ScoringRule.NOT_EMPTY -> !text.isBlank();
            case ScoringRule.CONTAINS -> rule.value() != null && text.toLowerCase(Locale.ROOT).contains(rule.value().toLowerCase(Locale.ROOT));
            case ScoringRule.EQUALS -> rule.value() != null && text.strip().equalsIgnoreCase(rule.value());
            default -> false;
        };
    }

    private static String asText(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Collection<?> c) {
            return String.join(", ", c.stream().map(String::valueOf).toList());
        }
        return value.toString();
    }

    private static Instant activityTime(Record activity) {
        return activity.get("completedAt") instanceof Instant completed ? completed : activity.getCreatedAt();
    }

    private static String signed(long points) {
        return points >= 0 ? "+" + points : Long.toString(points);
    }
}
