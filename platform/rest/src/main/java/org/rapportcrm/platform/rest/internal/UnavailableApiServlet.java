package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.rapportcrm.platform.api.health.HealthReport;
import org.rapportcrm.platform.api.health.Readiness;

/**
 * Answers {@code /api/*} whenever the API itself cannot start (a service it needs failed, say for a bad setting):
 * health says what is wrong and every other request gets 503 with the same reasons, never a bare 404 page. The API
 * servlet, registered at the same pattern with a higher ranking, takes over as soon as it can.
 */
@Component(service = Servlet.class, property = "service.ranking:Integer=-100")
@HttpWhiteboardServletPattern("/api/*")
@HttpWhiteboardServletName("rapport-api-unavailable")
public class UnavailableApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Readiness readiness;
    private final transient Json json = new Json();

    @Activate
    public UnavailableApiServlet(@Reference Readiness readiness) {
        this.readiness = readiness;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HealthReport report = readiness.report();
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Retry-After", HealthResource.RETRY_AFTER);
        Exchange ex = new Exchange(req, resp, json);
        if (path.equals("/v1/health/live")) {
            ex.send(200, Map.of("status", "UP"));
        } else if (path.equals("/v1/health") || path.equals("/v1/health/ready")) {
            ex.send(503, HealthResource.body(report));
        } else {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "https://rapportcrm.org/problems/service-unavailable");
            problem.put("title", "Service unavailable");
            problem.put("status", 503);
            problem.put("detail", "The API is not running: " + String.join("; ", report.problems()));
            problem.put("instance", req.getRequestURI());
            problem.put("errors", List.of());
            ex.send(503, "application/problem+json", problem);
        }
    }
}
