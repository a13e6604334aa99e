package org.rapportcrm.prm.internal.mdf;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;

/**
 * The balance of an allocation: allocated, requested (awaiting a decision), approved, claimed (not rejected), paid and
 * remaining (allocated less requested and approved). Figures come from aggregate queries over the allocation's requests
 * and claims and are written onto the allocation in the transaction of the change that moved them. A change first
 * {@linkplain #lock locks} the allocation by writing it, so a second change of the same allocation waits for the first
 * to commit and then counts it: two requests can never both take the last funds.
 */
@Component(service = MdfFunds.class)
public class MdfFunds {
    private final RecordService records;

    @Activate
    public MdfFunds(@Reference RecordService records) {
        this.records = records;
    }

    /** Writes the allocation (holding its row until the transaction ends) and returns it as it is then. */
    Record lock(String allocationId) {
        while (true) {
            Record allocation = records.get(Actor.system(), Mdf.ALLOCATION, allocationId);
            Number changes = (Number) allocation.get(Mdf.BALANCE_CHANGES);
            try {
                return records.update(Actor.system(), Mdf.ALLOCATION, allocationId, allocation.getVersion(),
                        Map.of(Mdf.BALANCE_CHANGES, changes == null ? 1 : changes.longValue() + 1));
            } catch (StaleVersionException e) {
                // Another change of this allocation committed since the read: read it again.
            }
        }
    }

    /**
     * Counts the allocation's figures again and writes them; refuses (naming {@code field}) a change that leaves less than
     * nothing remaining. Call after {@link #lock} in the same transaction.
     */
    Record settle(String allocationId, String field) {
        Record allocation = records.get(Actor.system(), Mdf.ALLOCATION, allocationId);
        Map<String, Object> figures = figures(allocation);
        Money remaining = (Money) figures.get(Mdf.REMAINING);
        if (remaining.amount().signum() < 0) {
            Money before = (Money) allocation.get(Mdf.REMAINING);
            throw new ValidationException(field, "aboveBalance", "This is more than the allocation for " + allocation.get("period")
                    + " has left (" + (before == null ? "nothing" : before.amount().toPlainString() + " " + before.currency()) + ")");
        }
        return records.update(Actor.system(), Mdf.ALLOCATION, allocationId, allocation.getVersion(), figures);
    }

    /** The figures of an allocation as its requests and claims stand, in the allocation's currency. */
    Map<String, Object> figures(Record allocation) {
        Money allocated = (Money) allocation.get(Mdf.AMOUNT);
        String currency = allocated.currency();
        Filter ofAllocation = Filter.eq("allocation", allocation.getId());
        BigDecimal requested = sum(Mdf.REQUEST, Mdf.AMOUNT, Filter.and(ofAllocation, Filter.eq("status", Mdf.SUBMITTED)));
        BigDecimal approved = sum(Mdf.REQUEST, Mdf.APPROVED_AMOUNT, Filter.and(ofAllocation, Filter.eq("status", Mdf.APPROVED)));
        BigDecimal claimed = sum(Mdf.CLAIM, Mdf.AMOUNT, Filter.and(ofAllocation, Filter.ne("status", Mdf.REJECTED)));
        BigDecimal paid = sum(Mdf.CLAIM, Mdf.AMOUNT, Filter.and(ofAllocation, Filter.eq("status", Mdf.PAID)));
        Map<String, Object> figures = new HashMap<>();
        figures.put(Mdf.REQUESTED, new Money(requested, currency));
        figures.put(Mdf.APPROVED_TOTAL, new Money(approved, currency));
        figures.put(Mdf.CLAIMED, new Money(claimed, currency));
        figures.put(Mdf.PAID_TOTAL, new Money(paid, currency));
        figures.put(Mdf.REMAINING, new Money(allocated.amount().subtract(requested).subtract(approved), currency));
        return figures;
    }

    /** The sum of a money field over what {@code filter} matches, by one aggregate query; 0 when none. */
    BigDecimal sum(String type, String field, Filter filter) {
        BigDecimal sum = records.totals(Actor.system(), type, field, filter).sum();
        return sum == null ? BigDecimal.ZERO : sum;
    }

    /** The amounts the approved request's claims (not rejected) add up to. */
    BigDecimal claimedAgainst(String requestId) {
        return sum(Mdf.CLAIM, Mdf.AMOUNT, Filter.and(Filter.eq(Mdf.REQUEST, requestId), Filter.ne("status", Mdf.REJECTED)));
    }
}
