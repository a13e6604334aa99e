package org.rapportcrm.loyalty.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The promise to ISVs, checked on the example: an extension imports the platform's API packages with ranges up to
 * the next major version, so it keeps resolving when the API gains a compatible (minor) change, and stops only at an
 * incompatible one. (bnd writes the manifest before the tests run.)
 */
class ApiCompatibilityTest {
    private static final Pattern API_IMPORT = Pattern.compile("(org\\.rapportcrm\\.platform\\.api\\.[a-z.]+);version=\"\\[(\\d+)\\.(\\d+),(\\d+)\\)\"");

    @Test
    void everyApiImportAcceptsEveryMinorVersionOfItsMajor() throws IOException {
        String imports;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/META-INF/MANIFEST.MF"))) {
            imports = new Manifest(in).getMainAttributes().getValue("Import-Package");
        }
        List<String> apiImports = Pattern.compile(",(?=[a-z])").splitAsStream(imports).filter(i -> i.startsWith("org.rapportcrm.platform.api.")).toList();
        assertFalse(apiImports.isEmpty(), imports);
        for (String apiImport : apiImports) {
            Matcher m = API_IMPORT.matcher(apiImport);
            assertTrue(m.matches(), "not a [major.minor,nextMajor) range: " + apiImport);
            assertTrue(Integer.parseInt(m.group(4)) == Integer.parseInt(m.group(2)) + 1, "up to the next major only: " + apiImport);
        }
    }
}
