package org.rapportcrm.bench.probe.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * What HTTP alone costs a large file in this server: {@code PUT /bench/file?path=...} writes the body into that file,
 * {@code GET /bench/file?path=...} sends the file, both through a buffer as large as the file API's, with no database
 * in between. No authentication: this bundle only ever runs inside a benchmark, on a server bound to loopback.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/bench/file")
@HttpWhiteboardServletName("rapport-bench-file")
public class FileServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final int BUFFER = 64 * 1024;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Path file = Path.of(req.getParameter("path"));
        resp.setStatus(200);
        resp.setContentType("application/octet-stream");
        resp.setContentLengthLong(Files.size(file));
        try (InputStream in = Files.newInputStream(file)) {
            copy(in, resp.getOutputStream());
        }
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try (InputStream in = req.getInputStream(); OutputStream out = Files.newOutputStream(Path.of(req.getParameter("path")))) {
            copy(in, out);
        }
        resp.setStatus(204);
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = in.read(buffer)) > 0;) {
            out.write(buffer, 0, n);
        }
    }
}
