package org.rapportcrm.platform.capabilities.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CapabilityFilterTest {
    @Test
    void aRapportFeatureOfARapportRepositoryIsACapability() {
        assertTrue(CapabilityFilter.isCapability("rapport-sales", "rapport-0.1.0-SNAPSHOT", false));
        assertTrue(CapabilityFilter.isCapability("rapport-loyalty", "rapport-loyalty-1.2.0", false));
        assertTrue(CapabilityFilter.isCapability("rapport-sales", "rapport", false));
    }

    @Test
    void thePlatformsOwnFeaturesAreNot() {
        for (String platform : CapabilityFilter.PLATFORM_FEATURES) {
            assertFalse(CapabilityFilter.isCapability(platform, "rapport-0.1.0-SNAPSHOT", false), platform);
        }
    }

    @Test
    void otherNamesRepositoriesAndHiddenFeaturesAreNot() {
        assertFalse(CapabilityFilter.isCapability("http", "rapport-0.1.0", false));
        assertFalse(CapabilityFilter.isCapability("rapport-", "rapport-0.1.0", false));
        assertFalse(CapabilityFilter.isCapability("rapportsales", "rapport-0.1.0", false));
        assertFalse(CapabilityFilter.isCapability("rapport-sales", "standard-4.4.10", false));
        assertFalse(CapabilityFilter.isCapability("rapport-sales", "rapportish-1.0", false));
        assertFalse(CapabilityFilter.isCapability("rapport-sales", null, false));
        assertFalse(CapabilityFilter.isCapability("rapport-sales", "rapport-0.1.0", true));
    }
}
