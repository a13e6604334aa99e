package org.rapportcrm.prm.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Permission;
import org.rapportcrm.platform.api.security.RoleService;
import org.rapportcrm.prm.api.Partners;

/**
 * A channel manager's decision on a registration, with a reason the partner reads. Approving links the registration
 * to an opportunity (one the manager names, or a new one for the end customer's account, found by name or made) and
 * protects it for the partner: the opportunity carries the partner account (which shares it with the partner), the
 * registration, the tier's discount and the date the protection ends (the tier's protection days from today). All or
 * nothing, in one transaction.
 */
@Component(service = RegistrationDecisions.class)
public class RegistrationDecisions {
    private static final int DEFAULT_PROTECTION_DAYS = 90;
    private final RecordService records;
    private final RoleService roles;
    private final Clock clock;

    @Activate
    public RegistrationDecisions(@Reference RecordService records, @Reference RoleService roles) {
        this(records, roles, Clock.systemUTC());
    }

    RegistrationDecisions(RecordService records, RoleService roles, Clock clock) {
        this.records = records;
        this.roles = roles;
        this.clock = clock;
    }

    /** Approves a submitted registration; {@code opportunityId} links an existing open opportunity instead of making one. */
    public Record approve(Actor actor, String registrationId, String reason, String opportunityId) {
        return records.inTransaction(() -> {
            Record registration = submitted(actor, registrationId);
            String partnerId = (String) registration.get(Partners.PARTNER_ACCOUNT);
            Record partner = records.get(Actor.system(), "account", partnerId);
            Optional<Record> tier = Optional.ofNullable((String) partner.get(Partners.PARTNER_TIER))
                    .map(id -> records.get(Actor.system(), Partners.TIER, id));
            BigDecimal discount = tier.map(t -> (BigDecimal) t.get("discountPercent")).orElse(BigDecimal.ZERO);
            int days = tier.map(t -> (Number) t.get("protectionDays")).map(Number::intValue).orElse(DEFAULT_PROTECTION_DAYS);
            LocalDate until = LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(days);
            Record opportunity = opportunityId == null ? newOpportunity(actor, registration, partner) : linkable(actor, opportunityId, partnerId);
            records.update(Actor.system(), "opportunity", opportunity.getId(), opportunity.getVersion(), Map.of(
                    Partners.PARTNER_ACCOUNT, partnerId, Partners.PROTECTED_BY, registrationId, Partners.PROTECTED_UNTIL, until,
                    Partners.PARTNER_DISCOUNT, discount));
            return decide(registration, Partners.APPROVED, reason, Map.of("opportunity", opportunity.getId(), "discountPercent", discount,
                    Partners.PROTECTED_UNTIL, until));
        });
    }

    /** Rejects a submitted registration; the reason is required, since the partner reads it. */
    public Record reject(Actor actor, String registrationId, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new ValidationException("reason", "required", "Tell the partner why its registration is rejected");
        }
        return records.inTransaction(() -> decide(submitted(actor, registrationId), Partners.REJECTED, reason, Map.of()));
    }

    private Record submitted(Actor actor, String registrationId) {
        if (actor.isExternal() || !roles.hasPermission(actor, Permission.APPROVE_DEAL_REGISTRATIONS)) {
            throw new AccessDeniedException(actor.userName() + " may not decide deal registrations (needs the permission '"
                    + Permission.APPROVE_DEAL_REGISTRATIONS + "')");
        }
        Record registration = records.get(actor, Partners.REGISTRATION, registrationId);
        if (!Partners.SUBMITTED.equals(registration.get("status"))) {
            throw new ValidationException("status", "decided", "This registration was " + registration.get("status").toString()
                    .toLowerCase(java.util.Locale.ROOT) + " already");
        }
        return registration;
    }

    private Record decide(Record registration, String status, String reason, Map<String, Object> more) {
        Map<String, Object> decision = new HashMap<>(more);
        decision.put("status", status);
        decision.put("decisionReason", reason == null || reason.isBlank() ? null : reason.trim());
        decision.put("decidedAt", Instant.now(clock));
        return records.update(Actor.system(), Partners.REGISTRATION, registration.getId(), registration.getVersion(), decision);
    }

    /** An open opportunity the manager may read and that no other partner holds under protection. */
    private Record linkable(Actor actor, String opportunityId, String partnerId) {
        Record opportunity = records.get(actor, "opportunity", opportunityId);
        if (opportunity.get("closedAt") != null) {
            throw new ValidationException("opportunityId", "closed", "This opportunity is closed");
        }
        Object holder = opportunity.get(Partners.PARTNER_ACCOUNT);
        Object until = opportunity.get(Partners.PROTECTED_UNTIL);
        if (holder != null && !holder.equals(partnerId) && until != null
                && !LocalDate.parse(until.toString()).isBefore(LocalDate.now(clock.withZone(ZoneOffset.UTC)))) {
            throw new ValidationException("opportunityId", "protected", "This opportunity is protected for another partner until " + until);
        }
        return opportunity;
    }

    private Record newOpportunity(Actor actor, Record registration, Record partner) {
        String customer = (String) registration.get("customerName");
        Record account = customerAccount(actor, customer, (String) registration.get("customerDomain"));
        Map<String, Object> values = new HashMap<>();
        values.put("name", customer + " (" + partner.get("name") + ")");
        values.put("account", account.getId());
        values.put("closeDate", registration.get("closeDate"));
        values.put("stage", firstOpenStage());
        values.put("leadSource", "Partner");
        if (registration.get("amount") != null) {
            values.put("amount", registration.get("amount"));
        }
        return records.create(actor, "opportunity", values);
    }

    /** The account of the end customer: one whose name compares equal, else a new one. */
    private Record customerAccount(Actor actor, String customer, String domain) {
        String key = ConflictMatcher.customerKey(customer);
        for (Record a : records.query(actor, Query.of("account").where(Filter.startsWith("name", ConflictMatcher.firstWord(customer)))
                .limit(200)).items()) {
            if (key.equals(ConflictMatcher.customerKey((String) a.get("name")))) {
                return a;
            }
        }
        Map<String, Object> values = new HashMap<>();
        values.put("name", customer);
        values.put("accountType", "Prospect");
        if (domain != null) {
            values.put("website", "https://" + domain);
        }
        return records.create(actor, "account", values);
    }

    private String firstOpenStage() {
        return records.query(Actor.system(), Query.of("salesStage").where(Filter.and(Filter.eq("process", "Standard"),
                Filter.eq("outcome", "Open"), Filter.eq("active", true))).sortBy("position", false).limit(1)).items().stream()
                .findFirst().map(s -> (String) s.get("name"))
                .orElseThrow(() -> new ValidationException("opportunityId", "noStage", "The standard sales process has no open stage: "
                        + "name an existing opportunity"));
    }
}
