package org.rapportcrm.platform.core.internal.security;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.security.SharingRule;

/**
 * What every installation shares with an account's external principals: the account itself and its contacts (their
 * colleagues). Activities stay internal (they hold the organisation's notes); capabilities share their own types.
 */
public final class StandardSharing {
    private StandardSharing() {
    }

    /** An account is shared with its own external principals. */
    @Component(service = SharingRule.class)
    public static final class Accounts implements SharingRule {
        @Override
        public String recordType() {
            return SharedRecords.ACCOUNT;
        }

        @Override
        public List<String> pathToAccount() {
            return List.of();
        }
    }

    /** A contact is shared with the external principals of its account. */
    @Component(service = SharingRule.class)
    public static final class Contacts implements SharingRule {
        @Override
        public String recordType() {
            return "contact";
        }

        @Override
        public List<String> pathToAccount() {
            return List.of(SharedRecords.ACCOUNT);
        }
    }
}
