package org.rapportcrm.prm.internal;

import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.prm.api.Partners;

/** What the PRM records given to a partner require of the account they name. */
public final class PartnerAccounts {
    private PartnerAccounts() {
    }

    /**
     * The partner account {@code accountId}, read as the platform.
     *
     * @throws ValidationException naming {@code field} if there is none or the account is no partner
     */
    public static Record require(RecordService records, String field, String accountId, String what) {
        if (accountId == null) {
            throw new ValidationException(field, "required", what + " is for a partner account");
        }
        Record account;
        try {
            account = records.get(Actor.system(), "account", accountId);
        } catch (RecordNotFoundException e) {
            account = null;
        }
        if (account == null || !Boolean.TRUE.equals(account.get(Partners.IS_PARTNER))) {
            throw new ValidationException(field, "notPartner", what + " is for a partner account (an account with isPartner set)");
        }
        return account;
    }
}
