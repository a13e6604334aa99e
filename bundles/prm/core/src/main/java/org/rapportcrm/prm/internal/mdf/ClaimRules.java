package org.rapportcrm.prm.internal.mdf;

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
 * A claim is made against an approved request of the partner's, in its currency, and the claims of one request (but the
 * rejected) never add up to more than was approved for it: counted under the allocation's lock. Proof of performance is
 * the claim's files. A partner writes what it claims while the claim awaits a decision.
 */
@Component(property = "service.ranking:Integer=1000")
public class ClaimRules implements RecordTrigger {
    /** What a partner claims (and the allocation and partner account, which follow from the request). */
    static final Set<String> PARTNER_FIELDS = Set.of(Mdf.REQUEST, "description", Mdf.AMOUNT, "allocation", Mdf.PARTNER_ACCOUNT);
    /** What only a decision writes (or an administrator: the rules on amounts hold all the same). */
    static final Set<String> DECISION = Set.of("status", "decisionReason", "decidedAt", "paidAt", "paymentReference");
    private static final Set<String> COUNTED = Set.of("status", Mdf.AMOUNT);

    private final RecordService records;
    private final MdfFunds funds;

    @Activate
    public ClaimRules(@Reference RecordService records, @Reference MdfFunds funds) {
        this.records = records;
        this.funds = funds;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(Mdf.CLAIM);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        if (!actor.isAdmin()) {
            if (before != null && !Mdf.SUBMITTED.equals(before.get("status"))) {
                throw new AccessDeniedException("A decided claim can no longer be changed", "status");
            }
            if (actor.isExternal()) {
                Writes.onlyThese(actor, type, before, after, PARTNER_FIELDS, "A partner claims the cost of an approved activity and changes "
                        + "its claim while it awaits a decision; the decision is the channel manager's");
            } else {
                Writes.notThese(type, before, after, DECISION, "A claim is decided through its approval, rejection or payment");
            }
        }
        if (before != null && Writes.changed(before, after, Mdf.REQUEST)) {
            throw new ValidationException(Mdf.REQUEST, "fixed", "A claim stays with its request");
        }
        Record request = approvedRequest(actor, (String) after.get(Mdf.REQUEST), before == null);
        after.put("allocation", request.get("allocation"));
        after.put(Mdf.PARTNER_ACCOUNT, request.get(Mdf.PARTNER_ACCOUNT));
        Money approved = (Money) request.get(Mdf.APPROVED_AMOUNT);
        Money amount = (Money) after.get(Mdf.AMOUNT);
        if (amount != null && (!amount.currency().equals(approved.currency()) || amount.amount().signum() <= 0)) {
            throw new ValidationException(Mdf.AMOUNT, "invalid", "Claim an amount above 0 in the request's currency, " + approved.currency());
        }
        if (before == null || COUNTED.stream().anyMatch(f -> Writes.changed(before, after, f))) {
            funds.lock((String) request.get("allocation"));
        }
    }

    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        if (RecordEvents.UPDATED.equals(change.kind()) && change.changedFields().stream().noneMatch(COUNTED::contains)) {
            return;
        }
        Record claim = change.record();
        if (!RecordEvents.DELETED.equals(change.kind())) {
            String requestId = (String) claim.get(Mdf.REQUEST);
            Money approved = (Money) records.get(Actor.system(), Mdf.REQUEST, requestId).get(Mdf.APPROVED_AMOUNT);
            java.math.BigDecimal claimed = funds.claimedAgainst(requestId);
            if (claimed.compareTo(approved.amount()) > 0) {
                throw new ValidationException(Mdf.AMOUNT, "aboveApproved", "The claims of this activity would come to " + claimed.toPlainString()
                        + " " + approved.currency() + ", more than the " + approved.amount().toPlainString() + " approved");
            }
        }
        funds.settle((String) claim.get("allocation"), Mdf.AMOUNT);
    }

    /** The request, approved; the partner's own when a partner claims (checked on a new claim). */
    private Record approvedRequest(Actor actor, String requestId, boolean creating) {
        Record request = null;
        try {
            request = requestId == null ? null : records.get(Actor.system(), Mdf.REQUEST, requestId);
        } catch (RecordNotFoundException e) {
            // answered below
        }
        if (request == null || actor.isExternal() && !actor.accountId().equals(request.get(Mdf.PARTNER_ACCOUNT))) {
            throw new ValidationException(Mdf.REQUEST, "notFound", "Claim against one of your MDF requests");
        }
        if (creating && !Mdf.APPROVED.equals(request.get("status"))) {
            throw new ValidationException(Mdf.REQUEST, "notApproved", "Claims are made against approved requests; this one is "
                    + String.valueOf(request.get("status")).toLowerCase(java.util.Locale.ROOT));
        }
        return request;
    }
}
