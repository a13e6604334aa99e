package org.rapportcrm.platform.capabilities.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.capabilities.internal.ClusterCapabilities.Kind;
import org.rapportcrm.platform.capabilities.internal.ClusterCapabilities.Local;
import org.rapportcrm.platform.capabilities.internal.ClusterCapabilities.Step;

/** What a node does to run the capabilities the cluster runs. */
class ClusterCapabilitiesTest {
    private static Map<String, String> stored(String... nameAndValue) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndValue.length; i += 2) {
            m.put(nameAndValue[i], nameAndValue[i + 1]);
        }
        return m;
    }

    @Test
    void installsWhatTheClusterInstalledAndUninstallsWhatItUninstalled() {
        List<Step> steps = ClusterCapabilities.plan(
                stored("rapport-loyalty", ClusterCapabilities.installed("1.0.0"), "rapport-sales", ClusterCapabilities.uninstalled()),
                Map.of("rapport-loyalty", new Local(null, Set.of("1.0.0")), "rapport-sales", new Local("1.0.0", Set.of("1.0.0"))));
        assertEquals(List.of(new Step(Kind.INSTALL, "rapport-loyalty", "1.0.0"), new Step(Kind.UNINSTALL, "rapport-sales", "1.0.0")), steps);
    }

    @Test
    void upgradesToTheClustersVersionButNeverDowngrades() {
        Map<String, Local> local = Map.of("rapport-sales", new Local("1.0.0", Set.of("1.0.0", "1.1.0")));
        assertEquals(List.of(new Step(Kind.INSTALL, "rapport-sales", "1.1.0")),
                ClusterCapabilities.plan(stored("rapport-sales", ClusterCapabilities.installed("1.1.0")), local));
        assertEquals(List.of(), ClusterCapabilities.plan(stored("rapport-sales", ClusterCapabilities.installed("0.9.0")), local));
        assertEquals(List.of(), ClusterCapabilities.plan(stored("rapport-sales", ClusterCapabilities.installed("1.0.0")), local));
    }

    @Test
    void aVersionThisNodeDoesNotHaveIsReported() {
        assertEquals(List.of(new Step(Kind.UNAVAILABLE, "rapport-sales", "2.0.0"), new Step(Kind.UNAVAILABLE, "rapport-x", "1.0.0")),
                ClusterCapabilities.plan(stored("rapport-sales", ClusterCapabilities.installed("2.0.0"), "rapport-x", ClusterCapabilities.installed("1.0.0")),
                        Map.of("rapport-sales", new Local("1.0.0", Set.of("1.0.0")))));
    }

    @Test
    void whatNobodyManagedThroughRapportAndWhatIsAlreadyRightAreLeftAlone() {
        assertEquals(List.of(), ClusterCapabilities.plan(stored("rapport-sales", ClusterCapabilities.uninstalled()),
                Map.of("rapport-sales", new Local(null, Set.of("1.0.0")), "rapport-loyalty", new Local("1.0.0", Set.of("1.0.0")))));
    }
}
