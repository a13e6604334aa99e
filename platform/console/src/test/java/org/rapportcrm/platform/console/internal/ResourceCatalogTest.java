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
