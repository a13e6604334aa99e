package org.rapportcrm.platform.capabilities.internal;

import java.util.Collection;
import java.util.Locale;

/** Turns bundle and feature states into the words the listing shows. */
final class States {
    static final String ACTIVE = "ACTIVE";
    static final String FAILED = "FAILED";
    static final String STARTING = "STARTING";
    static final String MISSING = "MISSING";
    static final String AVAILABLE = "AVAILABLE";

    private States() {
    }

    /**
     * A bundle's state as OSGi names it, except that a bundle of an installed capability which should run but is only
     * INSTALLED (did not resolve) or RESOLVED (its start failed) is FAILED: that is what an admin has to act on. While
     * the framework has not passed the bundle's start level (Karaf starting up), it is STARTING instead.
     */
    static String bundle(int osgiState, boolean fragment, boolean shouldStart, boolean capabilityInstalled, boolean startLevelPassed) {
        String name = switch (osgiState) {
            case 1 -> "UNINSTALLED";
            case 2 -> "INSTALLED";
            case 4 -> "RESOLVED";
            case 8 -> STARTING;
            case 16 -> "STOPPING";
            case 32 -> ACTIVE;
            default -> "UNKNOWN";
        };
        boolean expectedToRun = capabilityInstalled && shouldStart && !fragment;
        if (expectedToRun && !startLevelPassed && (osgiState == 2 || osgiState == 4)) {
            return STARTING;
        }
        if (expectedToRun && (osgiState == 1 || osgiState == 2 || osgiState == 4)) {
            return FAILED;
        }
        if (fragment && osgiState == 2 && capabilityInstalled) {
            return FAILED; // a fragment that never attached
        }
        return name;
    }

    /**
     * AVAILABLE when not installed; FAILED when a bundle failed or is missing; STARTING while a bundle starts; else
     * ACTIVE or Karaf's own word.
     */
    static String capability(boolean installed, String featureState, Collection<String> bundleStates) {
        if (!installed) {
            return AVAILABLE;
        }
        if (bundleStates.stream().anyMatch(s -> s.equals(FAILED) || s.equals(MISSING))) {
            return FAILED;
        }
        if (bundleStates.contains(STARTING)) {
            return STARTING;
        }
        if ("Started".equalsIgnoreCase(featureState) || featureState == null) {
            return ACTIVE;
        }
        return featureState.toUpperCase(Locale.ROOT);
    }
}
