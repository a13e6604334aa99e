package org.rapportcrm.platform.capabilities.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

class VersionsTest {
    @Test
    void numbersCompareAsNumbersNotText() {
        assertEquals("1.10.0", Versions.highest(List.of("1.2.0", "1.10.0", "1.9.9")).orElseThrow());
        assertTrue(Versions.isNewer("1.1.0", "1.0.0"));
        assertFalse(Versions.isNewer("1.0.0", "1.0.0"));
        assertFalse(Versions.isNewer("0.9", "1.0.0"));
    }

    @Test
    void mavenSpellingsAreUnderstood() {
        assertEquals(new Version(1, 2, 0, "SNAPSHOT"), Versions.parse("1.2-SNAPSHOT"));
        assertEquals(new Version(0, 1, 0, "SNAPSHOT"), Versions.parse("0.1.0-SNAPSHOT"));
        assertEquals(new Version(0, 1, 0, "SNAPSHOT"), Versions.parse("0.1.0.SNAPSHOT"));
        assertEquals(Version.emptyVersion, Versions.parse(null));
        assertTrue(Versions.isNewer("1.0.0", "1.0.0-SNAPSHOT") || Versions.isNewer("1.0.0-SNAPSHOT", "1.0.0")); // total order, no tie
    }
}
