package org.rapportcrm.prm.internal.mdf;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.prm.api.Partners;
import org.rapportcrm.prm.internal.PartnerAccounts;

/**
 * An allocation is one partner's funds for one period. Left without an amount, it gets the partner tier's yearly
 * allowance (a quarter of it for a quarter); the channel manager may change it, but never below what is requested and
 * approved already, nor into another currency once funds are spoken for. Partner and period stay as created. The
 * balance figures are Rapport's.
 */
@Component(property = "service.ranking:Integer=1000")
public class AllocationRules implements RecordTrigger {
    private static final Pattern PERIOD = Pattern.compile(MdfTypes.PERIOD_PATTERN);
    private final RecordService records;

    @Activate
    public AllocationRules(@Reference RecordService records) {
        this.records = records;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(Mdf.ALLOCATION);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        if (!actor.isSystem()) {
            Writes.notThese(type, before, after, Set.copyOf(Mdf.FIGURES), "The balance of an allocation is counted by Rapport");
        }
        if (before != null) {
            for (String fixed : new String[] {Mdf.PARTNER_ACCOUNT, "period"}) {
                if (Writes.changed(before, after, fixed)) {
                    throw new ValidationException(fixed, "fixed", "An allocation stays with its partner and period: make a new one");
                }
            }
            if (Writes.changed(before, after, Mdf.AMOUNT)) {
                amountChanged(before, after);
            }
            return;
        }
        String period = (String) after.get("period");
        if (period == null || !PERIOD.matcher(period).matches()) {
            throw new ValidationException("period", "format", "A period is a year (2026) or a quarter (2026-Q1)");
        }
        String partnerId = (String) after.get(Mdf.PARTNER_ACCOUNT);
        Record partner = PartnerAccounts.require(records, Mdf.PARTNER_ACCOUNT, partnerId, "An MDF allocation");
        if (records.count(Actor.system(), Mdf.ALLOCATION, Filter.and(Filter.eq(Mdf.PARTNER_ACCOUNT, partnerId), Filter.eq("period", period))) > 0) {
            throw new ValidationException("period", "duplicate", "This partner has an allocation for " + period + " already: change it");
        }
        if (after.get(Mdf.AMOUNT) == null) {
            after.put(Mdf.AMOUNT, tierAllowance(partner, period));
        }
        Money amount = (Money) after.get(Mdf.AMOUNT);
        Money zero = new Money(BigDecimal.ZERO, amount.currency());
        for (String figure : new String[] {Mdf.REQUESTED, Mdf.APPROVED_TOTAL, Mdf.CLAIMED, Mdf.PAID_TOTAL}) {
            after.put(figure, zero);
        }
        after.put(Mdf.REMAINING, amount);
    }

    private void amountChanged(Record before, Map<String, Object> after) {
        Money amount = (Money) after.get(Mdf.AMOUNT);
        if (amount == null) {
            throw new ValidationException(Mdf.AMOUNT, "required", "An allocation needs an amount");
        }
        Money requested = (Money) before.get(Mdf.REQUESTED);
        Money approved = (Money) before.get(Mdf.APPROVED_TOTAL);
        BigDecimal committed = requested.amount().add(approved.amount());
        if (!amount.currency().equals(((Money) before.get(Mdf.AMOUNT)).currency()) && committed.signum() > 0) {
            throw new ValidationException(Mdf.AMOUNT, "currency", "Requests in " + requested.currency() + " are made against this allocation");
        }
        if (amount.amount().compareTo(committed) < 0) {
            throw new ValidationException(Mdf.AMOUNT, "belowCommitted", "Requests awaiting a decision and approved come to "
                    + committed.toPlainString() + " " + requested.currency() + " already");
        }
        after.put(Mdf.REMAINING, new Money(amount.amount().subtract(committed), amount.currency()));
    }

    private Money tierAllowance(Record partner, String period) {
        String tierId = (String) partner.get(Partners.PARTNER_TIER);
        Money yearly = tierId == null ? null : (Money) records.get(Actor.system(), Partners.TIER, tierId).get("mdfAllowance");
        if (yearly == null) {
            throw new ValidationException(Mdf.AMOUNT, "required", "The partner's tier has no MDF allowance: give the amount");
        }
        return period.contains("-Q") ? new Money(yearly.amount().divide(BigDecimal.valueOf(4), 2, RoundingMode.HALF_UP), yearly.currency())
                : yearly;
    }
}
