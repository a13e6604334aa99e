package org.rapportcrm.prm.internal;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.security.SharingRule;
import org.rapportcrm.prm.api.Partners;

/**
 * What a partner's users see besides their own account (which the platform shares already): their registrations, and
 * the opportunities and leads given to their partner account. Declared, never filtered by hand: the platform enforces it
 * on every read, search and export. Conflicts, tiers and everything else stay unshared, so partners never see them.
 */
public final class PrmSharing {
    private PrmSharing() {
    }

    @Component(service = SharingRule.class)
    public static final class Registrations implements SharingRule {
        @Override
        public String recordType() {
            return Partners.REGISTRATION;
        }

        @Override
        public List<String> pathToAccount() {
            return List.of(Partners.PARTNER_ACCOUNT);
        }
    }

    @Component(service = SharingRule.class)
    public static final class Opportunities implements SharingRule {
        @Override
        public String recordType() {
            return "opportunity";
        }

        @Override
        public List<String> pathToAccount() {
            return List.of(Partners.PARTNER_ACCOUNT);
        }
    }

    @Component(service = SharingRule.class)
    public static final class Leads implements SharingRule {
        @Override
        public String recordType() {
            return "lead";
        }

        @Override
        public List<String> pathToAccount() {
            return List.of(Partners.PARTNER_ACCOUNT);
        }
    }
}
