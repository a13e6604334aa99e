package org.rapportcrm.service.internal.sla;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.query.RecordFilters;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.internal.ServiceTypes;

/**
 * Which SLA applies to a case: the first active policy by order whose filter the case matches (no filter: every case),
 * and in it the target for the case's priority and account tier, a target for that tier before one for every tier.
 * A case with no matching policy or target has no SLA.
 */
public final class SlaPolicies {
    private static final BigDecimal DEFAULT_WARNING = BigDecimal.valueOf(80);
    private final RecordService records;
    private final RecordFilters filters;
    private final Calendars calendars;

    public SlaPolicies(RecordService records, RecordFilters filters) {
        this.records = records;
        this.filters = filters;
        this.calendars = new Calendars(records);
    }

    /**
     * The settings planning reads, kept for the rest of the transaction: an import's batch plans all its cases from
     * one read of the policies, their targets and calendars.
     */
    private static final class Settings {
        List<Record> policies;
        final Map<List<String>, List<Record>> targets = new HashMap<>();
        final Map<String, BusinessTime> times = new HashMap<>();
    }

    public Optional<SlaPlan> planFor(Map<String, Object> caseValues) {
        Settings settings = records.transactionState(this, Settings::new);
        if (settings.policies == null) {
            settings.policies = records.all(Actor.system(), Query.of(ServiceTypes.SLA_POLICY).where(Filter.eq("active", true))
                    .sortBy("position", false).limit(Query.MAX_LIMIT));
        }
        for (Record policy : settings.policies) {
            String filter = (String) policy.get("filter");
            if (filter != null && !filter.isBlank() && !filters.compile(ServiceTypes.CASE, filter).test(caseValues, Map.of())) {
                continue;
            }
            Optional<Record> target = target(settings, policy.getId(), (String) caseValues.get("priority"), (String) caseValues.get("accountTier"));
            if (target.isEmpty()) {
                continue;
            }
            Map<SlaPlan.Clock, Duration> targets = new EnumMap<>(SlaPlan.Clock.class);
            for (SlaPlan.Clock clock : SlaPlan.Clock.values()) {
                Object minutes = target.get().get(clock.targetField());
                if (minutes != null) {
                    targets.put(clock, Duration.ofMinutes(((Number) minutes).longValue()));
                }
            }
            BigDecimal warning = policy.get("warningPercent") == null ? DEFAULT_WARNING : (BigDecimal) policy.get("warningPercent");
            String calendar = (String) policy.get("calendar");
            BusinessTime time = settings.times.computeIfAbsent(String.valueOf(calendar), c -> new BusinessTime(calendars.load(calendar)));
            return Optional.of(new SlaPlan(policy.getId(), policy.getValues(), targets, time, warning));
        }
        return Optional.empty();
    }

    private Optional<Record> target(Settings settings, String policyId, String priority, String tier) {
        List<Record> targets = settings.targets.computeIfAbsent(Arrays.asList(policyId, priority), k -> records.all(Actor.system(),
                Query.of(ServiceTypes.SLA_TARGET).where(Filter.and(Filter.eq("slaPolicy", policyId), Filter.eq("priority", priority))).limit(Query.MAX_LIMIT)));
        return targets.stream().filter(t -> tier != null && Objects.equals(t.get("accountTier"), tier)).findFirst()
                .or(() -> targets.stream().filter(t -> t.get("accountTier") == null).findFirst());
    }
}
