package org.rapportcrm.prm.internal.mdf;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.security.SharingRule;

/**
 * A partner's users see its own allocations (with their balance), requests and claims, and the claims' files (proof of
 * performance), through the partner account each carries: declared here, enforced by the platform everywhere.
 */
public final class MdfSharing {
    private MdfSharing() {
    }

    @Component(service = SharingRule.class)
    public static final class Allocations implements SharingRule {
        @Override
        public String recordType() {
            return Mdf.ALLOCATION;
        }

        @Override
        public List<String> pathToAccount() {
            return List.of(Mdf.PARTNER_ACCOUNT);
        }
    }

    @Component(service = SharingRule.class)
    public static final class Requests implements SharingRule {
        @Override
        public String recordType() {
            return Mdf.REQUEST;
        }

        @Override
        public List<String> pathToAccount() {
            return List.of(Mdf.PARTNER_ACCOUNT);
        }
    }

    @Component(service = SharingRule.class)
    public static final class Claims implements SharingRule {
        @Override
        public String recordType() {
            return Mdf.CLAIM;
        }

        @Override
        public List<String> pathToAccount() {
            return List.of(Mdf.PARTNER_ACCOUNT);
        }
    }
}
