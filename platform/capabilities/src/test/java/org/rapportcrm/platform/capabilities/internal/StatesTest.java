package org.rapportcrm.platform.capabilities.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

class StatesTest {
    @Test
    void aBundleOfAnInstalledCapabilityThatDidNotStartHasFailed() {
        assertEquals("FAILED", States.bundle(Bundle.RESOLVED, false, true, true, true));
        assertEquals("FAILED", States.bundle(Bundle.INSTALLED, false, true, true, true));
        assertEquals("ACTIVE", States.bundle(Bundle.ACTIVE, false, true, true, true));
        assertEquals("STARTING", States.bundle(Bundle.STARTING, false, true, true, true));
    }

    @Test
    void aBundleWaitingForItsStartLevelWhileKarafStartsIsStartingNotFailed() {
        assertEquals("STARTING", States.bundle(Bundle.RESOLVED, false, true, true, false));
        assertEquals("STARTING", States.bundle(Bundle.INSTALLED, false, true, true, false));
        assertEquals("STARTING", States.capability(true, "Started", List.of("ACTIVE", "STARTING")));
        assertEquals("FAILED", States.capability(true, "Started", List.of("STARTING", "FAILED")));
    }

    @Test
    void fragmentsAndBundlesNotMeantToStartAreResolvedNotFailed() {
        assertEquals("RESOLVED", States.bundle(Bundle.RESOLVED, true, true, true, true));
        assertEquals("RESOLVED", States.bundle(Bundle.RESOLVED, false, false, true, true));
        assertEquals("FAILED", States.bundle(Bundle.INSTALLED, true, true, true, true));
    }

    @Test
    void aCapabilityIsAsHealthyAsItsWorstBundle() {
        assertEquals("AVAILABLE", States.capability(false, null, List.of()));
        assertEquals("ACTIVE", States.capability(true, "Started", List.of("ACTIVE", "ACTIVE")));
        assertEquals("FAILED", States.capability(true, "Started", List.of("ACTIVE", "FAILED")));
        assertEquals("FAILED", States.capability(true, "Resolved", List.of("MISSING")));
        assertEquals("RESOLVED", States.capability(true, "Resolved", List.of("ACTIVE")));
    }
}
