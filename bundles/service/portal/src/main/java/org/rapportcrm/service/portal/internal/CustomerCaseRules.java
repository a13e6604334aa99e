package org.rapportcrm.service.portal.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.Cases;

/**
 * What a customer may write on a case, whichever endpoint they use: they open one with a subject, description and
 * category, and it is theirs (their contact, their account, channel Portal); afterwards they may only resolve or close
 * it, or reopen a resolved one. Runs before the service capability's own rules, so it sees only what the customer
 * sent; the service team's fields (priority, queue, owner, SLA) stay theirs however the role's grants are edited.
 */
@Component(property = "service.ranking:Integer=1000")
public class CustomerCaseRules implements RecordTrigger {
    static final Set<String> OPENING_FIELDS = Set.of("subject", "description", "category");
    static final Set<String> CUSTOMER_STATUSES = Set.of(Cases.RESOLVED, Cases.CLOSED);
    private final PortalAccess access;

    @Activate
    public CustomerCaseRules(@Reference PortalAccess access) {
        this.access = access;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(Cases.TYPE);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        if (!actor.isExternal()) {
            return;
        }
        if (before == null) {
            opening(actor, type, after);
        } else {
            changing(before, after);
        }
    }

    private void opening(Actor actor, RecordType type, Map<String, Object> after) {
        for (FieldDefinition f : type.getFields()) {
            Object value = after.get(f.getApiName());
            if (value != null && !OPENING_FIELDS.contains(f.getApiName()) && !isDefault(f, value)
                    && !(f.getApiName().equals("account") && value.equals(actor.accountId()))) {
                throw new AccessDeniedException("A customer opens a case with a subject, description and category only", f.getApiName());
            }
        }
        after.put("account", actor.accountId());
        after.put("contact", actor.contactId() != null ? actor.contactId() : access.contactOf(actor.userId()).orElse(null));
        after.put("channel", Cases.CHANNEL_PORTAL);
    }

    private static void changing(Record before, Map<String, Object> after) {
        for (Map.Entry<String, Object> e : after.entrySet()) {
            if (!e.getKey().equals("status") && !Objects.equals(String.valueOf(e.getValue()), String.valueOf(before.get(e.getKey())))) {
                throw new AccessDeniedException("A customer may resolve, close or reopen their case, nothing else", e.getKey());
            }
        }
        Object status = after.get("status");
        Object was = before.get("status");
        boolean reopening = Cases.OPEN.equals(status) && Cases.RESOLVED.equals(was);
        if (!Objects.equals(status, was) && !CUSTOMER_STATUSES.contains(status) && !reopening) {
            throw new ValidationException("status", "customer", "A customer may set a case to " + Cases.RESOLVED + " or " + Cases.CLOSED
                    + ", or reopen a resolved one");
        }
    }

    private static boolean isDefault(FieldDefinition f, Object value) {
        return f.getDefaultValue() != null && String.valueOf(f.getDefaultValue()).equals(String.valueOf(value));
    }
}
