package org.rapportcrm.service.internal.sla;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * What a case's SLA is: the policy that applies, its targets for the case's priority and account tier, the working
 * time they count in, and at what share of a target the warning comes.
 */
public record SlaPlan(String policyId, Map<String, Object> policy, Map<Clock, Duration> targets, BusinessTime time, BigDecimal warningPercent) {
    /** The clocks of a case, by the prefix of their fields ({@code firstResponseDueAt}) and targets ({@code firstResponseMinutes}). */
    public enum Clock {
        FIRST_RESPONSE("firstResponse"), NEXT_RESPONSE("nextResponse"), RESOLUTION("resolution");

        public final String prefix;

        Clock(String prefix) {
            this.prefix = prefix;
        }

        public String dueField() {
            return prefix + "DueAt";
        }

        public String warningField() {
            return prefix + "WarningAt";
        }

        public String targetField() {
            return prefix + "Minutes";
        }

        public static Clock byPrefix(String prefix) {
            for (Clock c : values()) {
                if (c.prefix.equals(prefix)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("No SLA clock " + prefix);
        }
    }

    /** The share of a target after which the warning comes. */
    public Duration warningAfter(Duration target) {
        return Duration.ofMillis(warningPercent.multiply(BigDecimal.valueOf(target.toMillis())).divideToIntegralValue(BigDecimal.valueOf(100)).longValueExact());
    }
}
