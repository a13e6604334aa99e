package org.rapportcrm.prm.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Permission;
import org.rapportcrm.platform.api.security.RoleService;
import org.rapportcrm.prm.api.Partners;

/**
 * What partners and staff may write on the opportunities and leads given to partners. A protected opportunity stays
 * the partner's: who holds it, under which registration, until when and at what discount is set by an approval, or by
 * someone who may decide registrations. A partner's user changes the status of the leads given to its account and
 * nothing else of them, and nothing of the opportunities (its role lets it read them only).
 */
@Component(property = "service.ranking:Integer=1000")
public class PartnerDealRules implements RecordTrigger {
    static final Set<String> PROTECTION = Set.of(Partners.PARTNER_ACCOUNT, Partners.PROTECTED_BY, Partners.PROTECTED_UNTIL,
            Partners.PARTNER_DISCOUNT);
    private final RoleService roles;

    @Activate
    public PartnerDealRules(@Reference RoleService roles) {
        this.roles = roles;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of("opportunity", "lead");
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        if (actor.isSystem()) {
            return;
        }
        if (actor.isExternal()) {
            for (Map.Entry<String, Object> e : after.entrySet()) {
                if (before == null || !e.getKey().equals("status") && !same(before.get(e.getKey()), e.getValue())) {
                    throw new AccessDeniedException("A partner updates the status of the leads given to it, nothing else", e.getKey());
                }
            }
            return;
        }
        if (type.getApiName().equals("opportunity") && !roles.hasPermission(actor, Permission.APPROVE_DEAL_REGISTRATIONS)) {
            for (String field : PROTECTION) {
                if (!same(before == null ? null : before.get(field), after.get(field))) {
                    throw new AccessDeniedException("An opportunity is given to a partner by approving its deal registration (needs "
                            + Permission.APPROVE_DEAL_REGISTRATIONS + ")", field);
                }
            }
        }
    }

    private static boolean same(Object a, Object b) {
        return Objects.equals(a == null ? null : String.valueOf(a), b == null ? null : String.valueOf(b));
    }
}
