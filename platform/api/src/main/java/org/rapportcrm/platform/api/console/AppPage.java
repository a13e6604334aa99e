package org.rapportcrm.platform.api.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The one HTML page of a small web app a capability serves outside the console (the customer portal at
 * {@code /portal/}, the partner portal at {@code /partners/}), with the console's security headers: a CSP that allows
 * only this site's scripts, no framing, no sniffing, no referrer, and an ETag. Its scripts and styles are a
 * {@link ConsoleModuleFolder} the console serves (with ETags and gzip); the page routes by URL fragment, so nothing
 * else lives under its path. Register the subclass on the HTTP whiteboard with both patterns, {@code /<path>} and
 * {@code /<path>/*}.
 *
 * <pre>
 * &#64;Component(service = Servlet.class)
 * &#64;HttpWhiteboardServletName("rapport-partners")
 * &#64;HttpWhiteboardServletPattern({"/partners", "/partners/*"})
 * public class PartnerPage extends AppPage {
 *     &#64;Activate
 *     public PartnerPage(BundleContext context) {
 *         super("/partners/", context.getBundle().getEntry("prm/web/index.html"));
 *     }
 * }
 * </pre>
 *
 * @since 1.4
 */
public abstract class AppPage extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Only this site's scripts, styles and connections; no plug-ins, no framing. */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
            + " object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    private final String home;
    private final byte[] page;
    private final String etag;

    /**
     * @param home the page's path with its trailing slash, where a request without it is sent
     * @param index the page in the bundle
     */
    protected AppPage(String home, URL index) {
        this.home = home;
        if (index == null) {
            throw new IllegalStateException("The page of " + home + " is missing from the bundle");
        }
        try (InputStream in = index.openStream()) {
            this.page = in.readAllBytes();
            this.etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(page), 0, 8) + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException("The page of " + home + " cannot be read from the bundle", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (path == null) {
            resp.sendRedirect(home);
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
}
