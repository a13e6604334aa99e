package org.rapportcrm.service.portal.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;

/**
 * The portal's one HTML page at {@code /portal/}, with the console's security headers (a CSP that allows only this
 * site's scripts, no framing, no sniffing). Its scripts and styles are a module folder the console serves
 * ({@link PortalFiles}), with ETags and gzip; the page routes by URL fragment, so nothing else lives under /portal/.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("rapport-portal")
@HttpWhiteboardServletPattern({"/portal", "/portal/*"})
public class PortalPage extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
            + " object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    private final byte[] page;
    private final String etag;

    @Activate
    public PortalPage(BundleContext context) {
        this(context.getBundle().getEntry(PortalFiles.FOLDER + "/index.html"));
    }

    PortalPage(URL index) {
        try (InputStream in = index.openStream()) {
            this.page = in.readAllBytes();
            this.etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(page), 0, 8) + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException("The portal page is missing from the bundle", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (path == null) {
            resp.sendRedirect("/portal/");
            return;
        }
        if (!path.equals("/") && !path.equals("/index.html")) {
            resp.setHeader("Cache-Control", "no-store");
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("ETag", etag);
        if (etag.equals(req.getHeader("If-None-Match"))) {
            resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        resp.setContentType("text/html;charset=utf-8");
        resp.setContentLength(page.length);
        if (!"HEAD".equals(req.getMethod())) {
            resp.getOutputStream().write(page);
        }
    }

    /** The page's scripts and styles, served by the console at {@code /app/ext/portal/}. */
    @Component
    public static class PortalFiles implements ConsoleModuleFolder {
        static final String FOLDER = "portal/web";

        @Override
        public String name() {
            return "portal";
        }

        @Override
        public String folder() {
            return FOLDER;
        }
    }

}
