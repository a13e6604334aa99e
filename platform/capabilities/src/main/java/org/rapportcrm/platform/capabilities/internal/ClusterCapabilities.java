package org.rapportcrm.platform.capabilities.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which capabilities the cluster runs, as stored in the shared settings (one entry per capability an administrator
 * installed, upgraded or uninstalled through Rapport: {@code installed <version>} or {@code uninstalled}), and what a
 * node does to match it. Capabilities nobody managed through Rapport (the ones a fresh node starts with) are left as
 * they are.
 */
final class ClusterCapabilities {
    /** The shared settings' scope, also the topic their changes are announced on. */
    static final String SCOPE = "rapport.capabilities";
    private static final String INSTALLED = "installed ";
    private static final String UNINSTALLED = "uninstalled";

    private ClusterCapabilities() {
    }

    static String installed(String version) {
        return INSTALLED + version;
    }

    static String uninstalled() {
        return UNINSTALLED;
    }

    /** What this node has of one capability: the version installed (or null), and every version it could install. */
    record Local(String installedVersion, Set<String> availableVersions) {
    }

    enum Kind { INSTALL, UNINSTALL, UNAVAILABLE }

    /** One thing to do: install {@code version} (or upgrade to it), uninstall, or report that it cannot be had here. */
    record Step(Kind kind, String name, String version) {
    }

    /**
     * The steps that make this node run what the cluster runs. A node never downgrades: one that already runs a newer
     * version than the cluster's (its distribution is newer, in a rolling upgrade) keeps it.
     *
     * @param local what this node has, by capability name; a capability it does not know at all is missing
     */
    static List<Step> plan(Map<String, String> stored, Map<String, Local> local) {
        List<Step> steps = new ArrayList<>();
        stored.forEach((name, wanted) -> {
            Local here = local.getOrDefault(name, new Local(null, Set.of()));
            if (wanted.equals(UNINSTALLED)) {
                if (here.installedVersion() != null) {
                    steps.add(new Step(Kind.UNINSTALL, name, here.installedVersion()));
                }
            } else if (wanted.startsWith(INSTALLED)) {
                String version = wanted.substring(INSTALLED.length());
                String current = here.installedVersion();
                if (current != null && !Versions.isNewer(version, current)) {
                    return;
                }
                steps.add(new Step(here.availableVersions().contains(version) ? Kind.INSTALL : Kind.UNAVAILABLE, name, version));
            }
        });
        return steps;
    }
}
