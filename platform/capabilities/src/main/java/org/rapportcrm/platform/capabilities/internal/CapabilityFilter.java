package org.rapportcrm.platform.capabilities.internal;

import java.util.Set;

/**
 * What counts as a capability: a visible feature named {@code rapport-*} from a Rapport features repository (one named
 * {@code rapport} or {@code rapport-*}: the platform's own {@code rapport-<version>}, or a capability's own repository
 * that follows the convention), except the platform's own features. Removing those would take the platform down; the
 * libraries it is made of (datasource, JPA, JSON, CSV) are hidden features and never count.
 */
final class CapabilityFilter {
    static final String PREFIX = "rapport-";
    static final Set<String> PLATFORM_FEATURES = Set.of("rapport-platform", "rapport-all");

    private CapabilityFilter() {
    }

    static boolean isRapportRepository(String repositoryName) {
        return repositoryName != null && (repositoryName.equals("rapport") || repositoryName.startsWith(PREFIX));
    }

    static boolean isCapability(String featureName, String repositoryName, boolean hidden) {
        return !hidden && featureName != null && featureName.startsWith(PREFIX) && featureName.length() > PREFIX.length()
                && !PLATFORM_FEATURES.contains(featureName) && isRapportRepository(repositoryName);
    }
}
