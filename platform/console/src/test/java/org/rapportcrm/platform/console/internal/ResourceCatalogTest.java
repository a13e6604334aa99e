package org.rapportcrm.platform.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResourceCatalogTest {
    private final ResourceCatalog catalog = new ResourceCatalog(getClass().getClassLoader());

    @Test
    void servesTheShellAndHashesItsImportMap() {
        StaticResource index = catalog.shell("index.html").orElseThrow();
        assertEquals("text/html;charset=utf-8", index.contentType);
        assertFalse(index.text().contains("%{"), "versions are filtered into the import map");
        String hash = catalog.importMapHash(index);
        assertNotNull(hash);
        assertTrue(hash.startsWith("'sha256-"));
        assertEquals("text/javascript;charset=utf-8", catalog.shell("app/main.js").orElseThrow().contentType);
    }

    @Test
    void everyImportMapTargetExists() {
        String text = catalog.shell("index.html").orElseThrow().text();
        var m = java.util.regex.Pattern.compile("\"(/webjars/[^\"]+)\"").matcher(text);
        int n = 0;
        while (m.find()) {
            String url = m.group(1);
            n++;
            if (!url.endsWith("/")) {
                assertTrue(catalog.webjar(url.substring("/webjars/".length())).isPresent(), url);
            }
        }
        assertTrue(n > 15);
    }

    @Test
    void theAppIsInstallableWithIconsThatExist() {
        String index = catalog.shell("index.html").orElseThrow().text();
        assertTrue(index.contains("<link rel=\"manifest\" href=\"/manifest.webmanifest\">"), "the page names its manifest");
        StaticResource manifest = catalog.shell("manifest.webmanifest").orElseThrow();
        assertEquals("application/manifest+json", manifest.contentType);
        String text = manifest.text();
        for (String member : new String[] {"\"start_url\": \"/\"", "\"display\": \"standalone\"", "\"theme_color\"", "\"192x192\"", "\"512x512\""}) {
            assertTrue(text.contains(member), member);
        }
        var icon = java.util.regex.Pattern.compile("\"src\": \"/(app/icons/[^\"]+)\"").matcher(text);
        int icons = 0;
        while (icon.find()) {
            icons++;
            assertTrue(catalog.shell(icon.group(1)).isPresent(), icon.group(1));
        }
        assertEquals(3, icons);
        assertEquals("image/png", catalog.shell("app/icons/rapport-192.png").orElseThrow().contentType);
    }

    @Test
    void theServiceWorkerCarriesTheBuildsReleaseAndPrecachesFilesThatExist() {
        String worker = catalog.shell("sw.js").orElseThrow().text();
        var release = java.util.regex.Pattern.compile("const RELEASE = '([^']+)';").matcher(worker);
        assertTrue(release.find());
        assertTrue(release.group(1).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?-\\d{14}"), "version and build time: " + release.group(1));
        var precache = java.util.regex.Pattern.compile("const PRECACHE = \\[([^\\]]+)\\]").matcher(worker);
        assertTrue(precache.find());
        for (String url : precache.group(1).split(",")) {
            String path = url.trim().replace("'", "").substring(1);
            assertTrue(catalog.shell(path.isEmpty() ? "index.html" : path).isPresent(), url);
        }
    }

    @Test
    void refusesPathsOutsideTheRoots() {
        assertTrue(catalog.shell("../ConsoleServlet.class").isEmpty());
        assertTrue(catalog.shell("app/../../org/rapportcrm").isEmpty());
        assertTrue(catalog.webjar("lit/").isEmpty());
        assertTrue(catalog.shell("").isEmpty());
        assertTrue(catalog.shell("nothing-here.js").isEmpty());
    }

    @Test
    void keepsOnlyFilesItFound() {
        catalog.shell("app/main.js").orElseThrow();
        int kept = catalog.size();
        for (int i = 0; i < 1_000; i++) {
            assertTrue(catalog.shell("app/missing-" + i + ".js").isEmpty());
            assertTrue(catalog.webjar("lit/0.0." + i + "/index.js").isEmpty());
        }
        assertEquals(kept, catalog.size(), "unknown paths leave nothing behind");
        assertTrue(catalog.shell("app/main.js").isPresent());
        assertEquals(kept, catalog.size(), "a file found twice is kept once");
    }

    @Test
    void etagsAndGzip() {
        byte[] body = "x".repeat(4000).getBytes(StandardCharsets.UTF_8);
        StaticResource r = new StaticResource("text/javascript;charset=utf-8", body);
        assertNotNull(r.gzipped);
        assertTrue(r.gzipped.length < body.length);
        assertTrue(r.matches(r.etag));
        assertTrue(r.matches("W/" + r.gzipEtag + ", \"other\""));
        assertFalse(r.matches("\"other\""));
        assertTrue(ConsoleServlet.acceptsGzip("br, gzip;q=0.8"));
        assertFalse(ConsoleServlet.acceptsGzip("gzip;q=0"));
        assertFalse(ConsoleServlet.acceptsGzip("identity"));
    }
}
