package org.rapportcrm.sync.dav.internal;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * RFC 6764 discovery: {@code /.well-known/carddav} and {@code /.well-known/caldav} send clients to {@code /dav/} with
 * 307, which keeps a PROPFIND's body (clients built on python requests drop it on 301). The {@code /*} patterns also match the form with a slash.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/.well-known/carddav/*", "/.well-known/carddav", "/.well-known/caldav/*", "/.well-known/caldav"})
@HttpWhiteboardServletName("rapport-dav-well-known")
public class WellKnownServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(307);
        resp.setHeader("Location", req.getContextPath() + DavPath.ROOT);
        resp.setContentLength(0);
    }
}
