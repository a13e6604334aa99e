package org.rapportcrm.prm.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.prm.api.Partners;
import org.rapportcrm.prm.internal.ConflictMatcher.Clash;

/**
 * What holds for a deal registration however it is written. A partner registers for its own account only, and may
 * change what it registered while it waits for a decision; the decision (status, reason, opportunity, protection,
 * discount) is written by the approval and rejection actions alone. Whenever the end customer or product changes, the
 * conflict check runs again: the registration's flag tells the partner "under review", the conflicting records are
 * kept beside it for the channel manager only.
 */
@Component(property = "service.ranking:Integer=1000")
public class RegistrationRules implements RecordTrigger {
    /** What a partner tells when registering a deal. */
    static final Set<String> PARTNER_FIELDS = Set.of("customerName", "customerDomain", "product", "amount", "closeDate", "description");
    /** What staff cannot set by hand: the decision and the conflict flag. */
    static final Set<String> WRITTEN_BY_RAPPORT = Set.of("status", "decisionReason", "decidedAt", "opportunity", "discountPercent",
            Partners.PROTECTED_UNTIL, "conflict");
    /** What the conflict check compares. */
    static final Set<String> MATCHED_FIELDS = Set.of("customerName", "customerDomain", "product");

    private final RecordService records;
    private final ConflictCheck conflicts;

    @Activate
    public RegistrationRules(@Reference RecordService records, @Reference ConflictCheck conflicts) {
        this.records = records;
        this.conflicts = conflicts;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(Partners.REGISTRATION);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        if (actor.isExternal()) {
            partnerWrites(actor, type, before, after);
        } else if (!actor.isSystem()) {
            for (String field : WRITTEN_BY_RAPPORT) {
                Object was = before == null ? type.field(field).map(FieldDefinition::getDefaultValue).orElse(null) : before.get(field);
                if (!sameValue(was, after.get(field))) {
                    throw new AccessDeniedException("A registration is decided through its approval or rejection", field);
                }
            }
        }
        if (before == null || !Objects.equals(before.get(Partners.PARTNER_ACCOUNT), after.get(Partners.PARTNER_ACCOUNT))) {
            PartnerAccounts.require(records, Partners.PARTNER_ACCOUNT, (String) after.get(Partners.PARTNER_ACCOUNT), "A deal registration");
        }
        after.put("customerDomain", ConflictMatcher.domain((String) after.get("customerDomain")));
        if (before == null || matchedFieldsChange(before, after)) {
            List<Clash> clashes = conflicts.clashes(before == null ? null : before.getId(), after);
            after.put("conflict", clashes.isEmpty() ? Partners.NO_CONFLICT : Partners.CONFLICT_UNDER_REVIEW);
        }
    }

    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        if (RecordEvents.DELETED.equals(change.kind())
                || !RecordEvents.CREATED.equals(change.kind()) && change.changedFields().stream().noneMatch(MATCHED_FIELDS::contains)) {
            return;
        }
        Record registration = change.record();
        for (Record old : records.all(Actor.system(), Query.of(Partners.CONFLICT).where(Filter.eq(Partners.REGISTRATION, registration.getId())))) {
            records.delete(Actor.system(), Partners.CONFLICT, old.getId(), old.getVersion());
        }
        for (Clash clash : conflicts.clashes(registration.getId(), registration.getValues())) {
            boolean opportunity = clash.with().type().equals("opportunity");
            records.create(Actor.system(), Partners.CONFLICT, Map.of(Partners.REGISTRATION, registration.getId(),
                    opportunity ? "opportunity" : "otherRegistration", clash.with().id(), "reason", clash.reason()));
        }
    }

    private void partnerWrites(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        if (before == null) {
            for (FieldDefinition f : type.getFields()) {
                Object value = after.get(f.getApiName());
                if (value != null && !PARTNER_FIELDS.contains(f.getApiName()) && !sameValue(f.getDefaultValue(), value)
                        && !(f.getApiName().equals(Partners.PARTNER_ACCOUNT) && value.equals(actor.accountId()))) {
                    throw new AccessDeniedException("A partner registers a deal with its customer, domain, product, amount, close date "
                            + "and description only", f.getApiName());
                }
            }
            after.put(Partners.PARTNER_ACCOUNT, actor.accountId());
            return;
        }
        if (!Partners.SUBMITTED.equals(before.get("status"))) {
            throw new AccessDeniedException("A decided registration can no longer be changed", "status");
        }
        for (Map.Entry<String, Object> e : after.entrySet()) {
            if (!PARTNER_FIELDS.contains(e.getKey()) && !e.getKey().equals("conflict") && !sameValue(before.get(e.getKey()), e.getValue())) {
                throw new AccessDeniedException("A partner changes what it registered, nothing else", e.getKey());
            }
        }
    }

    private static boolean matchedFieldsChange(Record before, Map<String, Object> after) {
        return MATCHED_FIELDS.stream().anyMatch(f -> !sameValue(before.get(f), after.get(f)));
    }

    private static boolean sameValue(Object a, Object b) {
        return Objects.equals(a == null ? null : String.valueOf(a), b == null ? null : String.valueOf(b));
    }
}
