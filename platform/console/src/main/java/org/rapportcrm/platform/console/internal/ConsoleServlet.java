package org.rapportcrm.platform.console.internal;

import java.io.IOException;
import java.util.Optional;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;

/**
 * Serves the web console: {@code index.html} for {@code /} (routing is by URL hash), the shell's ES modules and CSS
 * (the console SDK among them), the capabilities' module folders under {@code /app/ext/<name>/} and the embedded
 * WebJars at versioned, immutable URLs under {@code /webjars/}; for the installable app, its manifest and the service
 * worker {@code /sw.js}, whose scope is the whole site. The REST API has its own servlet on {@code /api/*}, which wins
 * for API paths by longest prefix.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("rapport-console")
@HttpWhiteboardServletPattern("/*")
public class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";
    private static final String WEBJARS_PREFIX = "/webjars/";
    static final String SERVICE_WORKER = "/sw.js";
    /** The service worker talks to its own origin only, and loads no other script. */
    static final String WORKER_POLICY = "default-src 'self'; script-src 'self'; object-src 'none'";

    private final transient ResourceCatalog catalog;
    private final transient ModuleFolders folders = new ModuleFolders();

    @Activate
    public ConsoleServlet() {
        this(new ResourceCatalog(ConsoleServlet.class.getClassLoader()));
    }

    ConsoleServlet(ResourceCatalog catalog) {
        this.catalog = catalog;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addModuleFolder(ConsoleModuleFolder folder, ServiceReference<ConsoleModuleFolder> reference) {
        Bundle bundle = reference.getBundle();
        if (bundle != null) { // null once the service is gone
            folders.add(folder, bundle::getEntry);
        }
    }

    void removeModuleFolder(ConsoleModuleFolder folder) {
        folders.remove(folder);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        if (path == null || path.isEmpty()) {
            path = req.getServletPath();
        }
        if (path == null || path.isEmpty() || path.equals("/")) {
            path = "/index.html";
        }
        resp.setHeader("X-Content-Type-Options", "nosniff");
        boolean webjar = path.startsWith(WEBJARS_PREFIX);
        Optional<StaticResource> found;
        if (webjar) {
            found = catalog.webjar(path.substring(WEBJARS_PREFIX.length()));
        } else if (path.startsWith(ConsoleModuleFolder.URL_PREFIX)) {
            found = folders.find(path.substring(ConsoleModuleFolder.URL_PREFIX.length()));
        } else {
            found = catalog.shell(path.substring(1));
        }
        if (found.isEmpty()) {
            resp.setHeader("Cache-Control", "no-store");
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        StaticResource res = found.get();
        // Only versioned WebJar URLs never change; the shell's and the capabilities' files are revalidated (cheap 304s).
        resp.setHeader("Cache-Control", webjar ? IMMUTABLE : REVALIDATE);
        resp.setHeader("Vary", "Accept-Encoding");
        if (res.contentType.startsWith("text/html")) {
            securityHeaders(resp, res);
        } else if (path.equals(SERVICE_WORKER)) {
            resp.setHeader("Content-Security-Policy", WORKER_POLICY);
        }
        boolean gzip = res.gzipped != null && acceptsGzip(req.getHeader("Accept-Encoding"));
        resp.setHeader("ETag", gzip ? res.gzipEtag : res.etag);
        if (res.matches(req.getHeader("If-None-Match"))) {
            resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        resp.setContentType(res.contentType);
        byte[] body = gzip ? res.gzipped : res.bytes;
        if (gzip) {
            resp.setHeader("Content-Encoding", "gzip");
        }
        resp.setContentLength(body.length);
        if (!"HEAD".equals(req.getMethod())) {
            resp.getOutputStream().write(body);
        }
    }

    private void securityHeaders(HttpServletResponse resp, StaticResource page) {
        String importMap = catalog.importMapHash(page);
        resp.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'" + (importMap == null ? "" : " " + importMap)
                + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
                + " connect-src 'self' data:; object-src 'none';"
                + " base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
        resp.setHeader("Referrer-Policy", "same-origin");
        resp.setHeader("X-Frame-Options", "DENY");
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.trim().split(";");
            if (p[0].trim().equalsIgnoreCase("gzip")) {
                return p.length < 2 || !p[1].replace(" ", "").matches("q=0(\\.0*)?");
            }
        }
        return false;
    }
}
