package org.rapportcrm.platform.capabilities.internal.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves the capabilities page's ES module. A servlet rather than a whiteboard resource so it can send the
 * JavaScript content type, an ETag and revalidation (the module changes when the bundle is upgraded).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("rapport-capabilities-console")
@HttpWhiteboardServletPattern("/capabilities/console/*")
public class CapabilitiesModuleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String MODULE_URL = "/capabilities/console/capabilities-page.js";
    private static final String RESOURCE = "capabilities/console/capabilities-page.js";

    private final byte[] module;
    private final String etag;

    @Activate
    public CapabilitiesModuleServlet() {
        try (InputStream in = CapabilitiesModuleServlet.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the bundle");
            }
            module = in.readAllBytes();
            etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(module), 0, 8) + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (!MODULE_URL.equals(req.getRequestURI())) {
            resp.setHeader("Cache-Control", "no-store");
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("ETag", etag);
        if (etag.equals(req.getHeader("If-None-Match"))) {
            resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        resp.setContentType("text/javascript");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setContentLength(module.length);
        if (!"HEAD".equals(req.getMethod())) {
            resp.getOutputStream().write(module);
        }
    }
}
