package org.rapportcrm.loyalty.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;

/**
 * Which record changes earn a contact points, and how many. Completed calls and meetings count now; won
 * opportunities count once a sales capability provides them (fields {@code stage}, {@code contact}, {@code amount}).
 */
final class LoyaltyRules {
    record Award(String contactId, long points, String reason, String source, String sourceKey) {
    }

    private final LoyaltyConfig config;

    LoyaltyRules(LoyaltyConfig config) {
        this.config = config;
    }

    Optional<Award> awardFor(RecordChange change) {
        if (change.kind().equals(RecordEvents.DELETED)) {
            return Optional.empty();
        }
        Record r = change.record();
        boolean created = change.kind().equals(RecordEvents.CREATED);
        return switch (r.getType()) {
            case "activity" -> activity(r, created || change.changedFields().contains("status"));
            case "opportunity" -> opportunity(r, created || change.changedFields().contains("stage"));
            default -> Optional.empty();
        };
    }

    private Optional<Award> activity(Record r, boolean statusChanged) {
        if (!statusChanged || !"Completed".equals(r.get("status")) || r.get("contact") == null) {
            return Optional.empty();
        }
        long points = switch (String.valueOf(r.get("activityType"))) {
            case "Meeting" -> config.pointsPerMeeting();
            case "Call" -> config.pointsPerCall();
            default -> 0;
        };
        return points <= 0 ? Optional.empty()
                : Optional.of(new Award((String) r.get("contact"), points, r.get("activityType") + " completed: " + r.get("subject"),
                        "Activity", "activity:" + r.getId()));
    }

    private Optional<Award> opportunity(Record r, boolean stageChanged) {
        if (!stageChanged || !"closed won".equalsIgnoreCase(String.valueOf(r.get("stage"))) || r.get("contact") == null
                || !(r.get("amount") instanceof Money amount)) {
            return Optional.empty();
        }
        long points = amount.amount().divide(BigDecimal.valueOf(100), 0, RoundingMode.DOWN).longValue() * config.pointsPer100Won();
        return points <= 0 ? Optional.empty()
                : Optional.of(new Award((String) r.get("contact"), points, "Deal won: " + r.get("name"), "Opportunity",
                        "opportunity:" + r.getId()));
    }
}
