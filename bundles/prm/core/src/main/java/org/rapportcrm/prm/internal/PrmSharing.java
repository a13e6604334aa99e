package org.rapportcrm.prm.internal;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.security.PublicSharingRule;
import org.rapportcrm.platform.api.security.SharingRule;
import org.rapportcrm.prm.api.Partners;

/**
 * What a partner's users see besides their own account (which the platform shares already): their registrations, and
 * the opportunities and leads given to their partner account. Declared, never filtered by hand: the platform enforces it
 * on every read, search and export. Conflicts, tiers and everything else stay unshared, so partners never see them.
 * Published collateral, and knowledge articles given a partner tier, are shared by tier: with the partners whose account
 * has that tier (a customer's account has none, so they are never shared with customers).
 */
public final class PrmSharing {
    /** The knowledge base's article type: named, never imported, so PRM and the knowledge base each work alone. */
    static final String KNOWLEDGE_ARTICLE = "knowledgeArticle";
    private static final String OF_THE_PARTNERS_TIER = Partners.PARTNER_TIER + " eq " + PublicSharingRule.PRINCIPAL_ACCOUNT + Partners.PARTNER_TIER;

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

    /** Published collateral for the partner's tier or for every tier. */
    @Component(service = PublicSharingRule.class)
    public static final class Collateral implements PublicSharingRule {
        static final String FILTER = "status eq '" + Partners.PUBLISHED + "' and (" + Partners.PARTNER_TIER + " empty or " + OF_THE_PARTNERS_TIER + ")";

        @Override
        public String recordType() {
            return Partners.COLLATERAL;
        }

        @Override
        public String filter() {
            return FILTER;
        }
    }

    /** Published knowledge articles given the partner's tier, whatever their visibility in the customer portal. */
    @Component(service = PublicSharingRule.class)
    public static final class TierArticles implements PublicSharingRule {
        static final String FILTER = "status eq 'Published' and " + OF_THE_PARTNERS_TIER;

        @Override
        public String recordType() {
            return KNOWLEDGE_ARTICLE;
        }

        @Override
        public String filter() {
            return FILTER;
        }
    }
}
