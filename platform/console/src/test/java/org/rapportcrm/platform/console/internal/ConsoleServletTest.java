package org.rapportcrm.platform.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

/** The installable console: its manifest and service worker as a browser fetches them. */
class ConsoleServletTest {
    private final ConsoleServlet servlet = new ConsoleServlet(new ResourceCatalog(getClass().getClassLoader()));

    private static final class Answer {
        int status = 200;
        String contentType;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void theManifestIsServedAsAWebAppManifest() throws Exception {
        Answer a = get("/manifest.webmanifest");
        assertEquals(200, a.status);
        assertEquals("application/manifest+json", a.contentType);
        assertTrue(a.text().contains("\"display\": \"standalone\""), a.text());
        assertEquals(ConsoleServlet.REVALIDATE, a.headers.get("Cache-Control"), "a new release's manifest is seen at once");
    }

    @Test
    void theServiceWorkerIsRevalidatedAndMayOnlyTalkToItsOwnOrigin() throws Exception {
        Answer a = get("/sw.js");
        assertEquals(200, a.status);
        assertEquals("text/javascript;charset=utf-8", a.contentType);
        assertEquals(ConsoleServlet.REVALIDATE, a.headers.get("Cache-Control"), "the browser checks for a new release on every visit");
        assertEquals(ConsoleServlet.WORKER_POLICY, a.headers.get("Content-Security-Policy"));
        assertEquals("nosniff", a.headers.get("X-Content-Type-Options"));
    }

    @Test
    void thePageKeepsItsOwnPolicyAndOtherScriptsGetNone() throws Exception {
        assertTrue(get("/").headers.get("Content-Security-Policy").contains("script-src 'self' 'sha256-"));
        assertNull(get("/app/main.js").headers.get("Content-Security-Policy"));
    }

    private Answer get(String path) throws Exception {
        Map<String, Object> request = Map.of("getMethod", "GET", "getPathInfo", path, "getServletPath", "");
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> request.get(method.getName()));
        Answer out = new Answer();
        ServletOutputStream output = new ServletOutputStream() {
            @Override public void write(int b) { out.body.write(b); }
            @Override public boolean isReady() { return true; }
            @Override public void setWriteListener(WriteListener listener) { }
        };
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setStatus", "sendError" -> out.status = (Integer) args[0];
                        case "setHeader" -> out.headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> out.contentType = (String) args[0];
                        case "getOutputStream" -> {
                            return output;
                        }
                        default -> { }
                    }
                    return null;
                });
        servlet.service(req, resp);
        return out;
    }
}
