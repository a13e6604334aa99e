package org.rapportcrm.prm.internal.mdf;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.file.FileService;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Permission;
import org.rapportcrm.platform.api.security.RoleService;

/**
 * The channel manager's decisions on market development funds (permission {@code approveMarketDevelopmentFunds}): a
 * request approved, for its amount or less, or rejected with a reason the partner reads; a claim approved once it has
 * proof of performance (a file), rejected with a reason, or paid. Each in one transaction with the allocation's balance.
 */
@Component(service = MdfDecisions.class)
public class MdfDecisions {
    private final RecordService records;
    private final RoleService roles;
    private final FileService files;
    private final Clock clock;

    @Activate
    public MdfDecisions(@Reference RecordService records, @Reference RoleService roles, @Reference FileService files) {
        this(records, roles, files, Clock.systemUTC());
    }

    MdfDecisions(RecordService records, RoleService roles, FileService files, Clock clock) {
        this.records = records;
        this.roles = roles;
        this.files = files;
        this.clock = clock;
    }

    /** Approves a submitted request for {@code amount} (null: the amount requested), which may be less than requested. */
    public Record approveRequest(Actor actor, String requestId, BigDecimal amount, String reason) {
        return records.inTransaction(() -> {
            Record request = awaiting(actor, Mdf.REQUEST, requestId, Mdf.SUBMITTED);
            Money requested = (Money) request.get(Mdf.AMOUNT); // RequestRules checks the amount approved against it
            Map<String, Object> decision = decision(Mdf.APPROVED, reason);
            decision.put(Mdf.APPROVED_AMOUNT, amount == null ? requested : new Money(amount, requested.currency()));
            return records.update(Actor.system(), Mdf.REQUEST, requestId, request.getVersion(), decision);
        });
    }

    public Record rejectRequest(Actor actor, String requestId, String reason) {
        return reject(actor, Mdf.REQUEST, requestId, reason);
    }

    /** Approves a submitted claim that carries its proof of performance (at least one file). */
    public Record approveClaim(Actor actor, String claimId, String reason) {
        return records.inTransaction(() -> {
            Record claim = awaiting(actor, Mdf.CLAIM, claimId, Mdf.SUBMITTED);
            if (files.list(Actor.system(), Mdf.CLAIM, claimId).isEmpty()) {
                throw new ValidationException("files", "proofMissing", "A claim is approved with proof of performance: the partner "
                        + "attaches it as a file to the claim");
            }
            return records.update(Actor.system(), Mdf.CLAIM, claimId, claim.getVersion(), decision(Mdf.APPROVED, reason));
        });
    }

    public Record rejectClaim(Actor actor, String claimId, String reason) {
        return reject(actor, Mdf.CLAIM, claimId, reason);
    }

    /** Marks an approved claim paid, with the payment's reference (a transfer's, a credit note's). */
    public Record pay(Actor actor, String claimId, String paymentReference) {
        return records.inTransaction(() -> {
            Record claim = awaiting(actor, Mdf.CLAIM, claimId, Mdf.APPROVED);
            Map<String, Object> payment = new HashMap<>();
            payment.put("status", Mdf.PAID);
            payment.put("paidAt", Instant.now(clock));
            payment.put("paymentReference", paymentReference == null || paymentReference.isBlank() ? null : paymentReference.trim());
            return records.update(Actor.system(), Mdf.CLAIM, claimId, claim.getVersion(), payment);
        });
    }

    private Record awaiting(Actor actor, String type, String id, String status) {
        Record record = records.get(actor, type, id); // first: what the actor may not read is not there (404)
        if (actor.isExternal() || !roles.hasPermission(actor, Permission.APPROVE_MARKET_DEVELOPMENT_FUNDS)) {
            throw new AccessDeniedException(actor.userName() + " may not decide market development funds (needs the permission '"
                    + Permission.APPROVE_MARKET_DEVELOPMENT_FUNDS + "')");
        }
        if (!status.equals(record.get("status"))) {
            throw new ValidationException("status", "decided", "This is " + String.valueOf(record.get("status")).toLowerCase(Locale.ROOT)
                    + ", not " + status.toLowerCase(Locale.ROOT));
        }
        return record;
    }

    private Map<String, Object> decision(String status, String reason) {
        Map<String, Object> decision = new HashMap<>();
        decision.put("status", status);
        decision.put("decisionReason", reason == null || reason.isBlank() ? null : reason.trim());
        decision.put("decidedAt", Instant.now(clock));
        return decision;
    }

    /** Rejects a submitted request or claim; the reason is required, since the partner reads it. */
    private Record reject(Actor actor, String type, String id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new ValidationException("reason", "required", "Tell the partner why");
        }
        return records.inTransaction(() -> {
            Record submitted = awaiting(actor, type, id, Mdf.SUBMITTED);
            return records.update(Actor.system(), type, id, submitted.getVersion(), decision(Mdf.REJECTED, reason));
        });
    }
}
