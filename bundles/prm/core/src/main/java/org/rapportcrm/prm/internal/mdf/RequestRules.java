package org.rapportcrm.prm.internal.mdf;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;

/**
 * A request for funds is made against one of the partner's allocations, in its currency, and only while the
 * allocation has that much left: counted under the allocation's lock, in the request's transaction. A partner writes
 * what it plans while the request awaits a decision; the decision (status, amount approved, reason) is written by the
 * approval and rejection alone.
 */
@Component(property = "service.ranking:Integer=1000")
public class RequestRules implements RecordTrigger {
    /** What a partner tells when requesting funds (and the partner account, which follows from the allocation). */
    static final Set<String> PARTNER_FIELDS = Set.of("allocation", "activityName", "activityType", "description", "startDate", "endDate",
            Mdf.AMOUNT, "expectedLeads", "expectedRevenue", Mdf.PARTNER_ACCOUNT);
    /** What only a decision writes (or an administrator, say importing past funds: the balance rules hold all the same). */
    static final Set<String> DECISION = Set.of("status", Mdf.APPROVED_AMOUNT, "decisionReason", "decidedAt");
    /** What moves the allocation's balance. */
    private static final Set<String> COUNTED = Set.of("allocation", "status", Mdf.AMOUNT, Mdf.APPROVED_AMOUNT);

    private final RecordService records;
    private final MdfFunds funds;

    @Activate
    public RequestRules(@Reference RecordService records, @Reference MdfFunds funds) {
        this.records = records;
        this.funds = funds;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(Mdf.REQUEST);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        if (!actor.isAdmin()) {
            if (before != null && !Mdf.SUBMITTED.equals(before.get("status"))) {
                throw new AccessDeniedException("A decided request can no longer be changed", "status");
            }
            if (actor.isExternal()) {
                Writes.onlyThese(actor, type, before, after, PARTNER_FIELDS, "A partner requests funds for an activity and changes its "
                        + "plan while it awaits a decision; the decision is the channel manager's");
            } else {
                Writes.notThese(type, before, after, DECISION, "A request for funds is decided through its approval or rejection");
            }
        }
        if (before != null && Writes.changed(before, after, "allocation")) {
            throw new ValidationException("allocation", "fixed", "A request stays with its allocation: withdraw it and request again");
        }
        Record allocation = allocation(actor, (String) after.get("allocation"));
        after.put(Mdf.PARTNER_ACCOUNT, allocation.get(Mdf.PARTNER_ACCOUNT));
        String currency = ((Money) allocation.get(Mdf.AMOUNT)).currency();
        Money amount = (Money) after.get(Mdf.AMOUNT);
        if (amount != null && (!amount.currency().equals(currency) || amount.amount().signum() <= 0)) {
            throw new ValidationException(Mdf.AMOUNT, "invalid", "Request an amount above 0 in the allocation's currency, " + currency);
        }
        if (Mdf.APPROVED.equals(after.get("status"))) {
            Money approved = (Money) after.get(Mdf.APPROVED_AMOUNT);
            if (approved == null || amount == null || !approved.currency().equals(currency) || approved.amount().signum() <= 0
                    || approved.amount().compareTo(amount.amount()) > 0) {
                throw new ValidationException(Mdf.APPROVED_AMOUNT, "range", "Approve more than 0 and at most the amount requested, in "
                        + currency);
            }
        }
        LocalDate start = (LocalDate) after.get("startDate");
        LocalDate end = (LocalDate) after.get("endDate");
        if (start != null && end != null && end.isBefore(start)) {
            throw new ValidationException("endDate", "beforeStart", "The activity ends before it starts");
        }
        if (before == null || COUNTED.stream().anyMatch(f -> Writes.changed(before, after, f))) {
            funds.lock(allocation.getId());
        }
    }

    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        if (!RecordEvents.UPDATED.equals(change.kind()) || change.changedFields().stream().anyMatch(COUNTED::contains)) {
            funds.settle((String) change.record().get("allocation"), Mdf.AMOUNT);
        }
    }

    /** The allocation, which must be the partner's own when a partner requests. */
    private Record allocation(Actor actor, String allocationId) {
        Record allocation = null;
        try {
            allocation = allocationId == null ? null : records.get(Actor.system(), Mdf.ALLOCATION, allocationId);
        } catch (RecordNotFoundException e) {
            // answered below
        }
        if (allocation == null || actor.isExternal() && !actor.accountId().equals(allocation.get(Mdf.PARTNER_ACCOUNT))) {
            throw new ValidationException("allocation", "notFound", "Request funds from one of your MDF allocations");
        }
        return allocation;
    }
}
