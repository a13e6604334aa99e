package org.rapportcrm.bench.probe.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The upper bound for the API's throughput: a bare whiteboard servlet in the same server that answers
 * {@code GET /bench/bare/<name>} with a fixed JSON body, stored before with {@code PUT /bench/bare/<name>} (so it has
 * the size of the API response it stands for). No authentication: this bundle only ever runs inside a benchmark.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/bench/bare/*")
@HttpWhiteboardServletName("rapport-bench-bare")
public class BareServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY = 8 * 1024 * 1024;
    private final transient Map<String, byte[]> bodies = new ConcurrentHashMap<>();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body = bodies.get(name(req));
        if (body == null) {
            body = "{\"bare\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = req.getInputStream()) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0;) {
                if (out.size() + n > MAX_BODY) {
                    resp.sendError(413);
                    return;
                }
                out.write(buf, 0, n);
            }
        }
        bodies.put(name(req), out.toByteArray());
        resp.setStatus(204);
    }

    private static String name(HttpServletRequest req) {
        String p = req.getPathInfo();
        return p == null || p.length() <= 1 ? "default" : p.substring(1);
    }
}
