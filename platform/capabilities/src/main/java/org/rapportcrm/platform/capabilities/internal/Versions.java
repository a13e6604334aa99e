package org.rapportcrm.platform.capabilities.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import org.osgi.framework.Version;

/** Orders feature versions as OSGi versions, accepting Maven spellings such as {@code 1.2-SNAPSHOT}. */
final class Versions {
    static final Comparator<String> ORDER = Comparator.comparing(Versions::parse).thenComparing(Comparator.naturalOrder());

    private Versions() {
    }

    static Version parse(String version) {
        if (version == null || version.isBlank()) {
            return Version.emptyVersion;
        }
        String v = version.trim();
        try {
            return Version.parseVersion(v);
        } catch (IllegalArgumentException e) {
            // Maven style: 1.2-SNAPSHOT, 1-beta, 1.2.3-rc1 -> the numbers, then the rest as qualifier
            String[] parts = v.split("[-.]", -1);
            int[] numbers = new int[3];
            int i = 0;
            StringBuilder qualifier = new StringBuilder();
            for (String p : parts) {
                if (i < 3 && qualifier.length() == 0 && p.matches("\\d{1,9}")) {
                    numbers[i++] = Integer.parseInt(p);
                } else {
                    qualifier.append(qualifier.length() == 0 ? "" : "_").append(p.replaceAll("[^A-Za-z0-9_-]", "_"));
                }
            }
            return new Version(numbers[0], numbers[1], numbers[2], qualifier.toString());
        }
    }

    static Optional<String> highest(Collection<String> versions) {
        return versions.stream().max(ORDER);
    }

    static boolean isNewer(String candidate, String than) {
        return ORDER.compare(candidate, than) > 0;
    }
}
