package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.rapportcrm.platform.api.health.HealthReport;
import org.rapportcrm.platform.api.health.Readiness;

/**
 * The one servlet at {@code /api/*}, registered for as long as this bundle runs: it hands every request to the API
 * ({@link ApiDispatcher}) when that is running, and otherwise answers 503 with Retry-After and what readiness says is
 * wrong (a service the API needs failed, say for a bad setting), health included, never a bare 404 page.
 *
 * <p>Why a servlet of its own, rather than the API component registered as the servlet: while Pax Web takes a servlet
 * out and puts another in, the path falls through to the console's {@code /*}, so requests got the console's 405 and
 * 404 pages whenever the API component started again. This one stays registered while the API comes and goes: both
 * its references are optional and dynamic.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/*")
@HttpWhiteboardServletName("rapport-api")
public class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Json json = new Json();
    private final transient AtomicReference<ApiHandler> api = new AtomicReference<>();
    private transient volatile Readiness readiness;

    /**
     * A plain service reference, so the API is created in one place only, as SCR binds it here (when Pax Web creates
     * this servlet, or when the API comes back). A request fetching it itself, beside SCR creating it too, could leave
     * it without some endpoints: Felix SCR marks a service that one of two concurrent creations failed to get, and
     * skips it when binding.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindApi(ApiHandler bound) {
        api.set(bound);
    }

    void unbindApi(ApiHandler unbound) {
        api.compareAndSet(unbound, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindReadiness(Readiness bound) {
        readiness = bound;
    }

    void unbindReadiness(Readiness unbound) {
        if (readiness == unbound) {
            readiness = null;
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ApiHandler handler = api.get();
        if (handler != null) {
            handler.handle(req, resp);
        } else {
            unavailable(req, resp);
        }
    }

    private void unavailable(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Readiness current = readiness;
        HealthReport report = current == null ? null : current.report();
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Retry-After", HealthResource.RETRY_AFTER);
        Exchange ex = new Exchange(req, resp, json);
        if (path.equals("/v1/health/live")) {
            ex.send(200, Map.of("status", "UP"));
        } else if ((path.equals("/v1/health") || path.equals("/v1/health/ready")) && report != null) {
            ex.send(503, HealthResource.body(report));
        } else {
            List<String> problems = report == null ? List.of("Rapport is starting") : report.problems();
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "https://rapportcrm.org/problems/service-unavailable");
            problem.put("title", "Service unavailable");
            problem.put("status", 503);
            problem.put("detail", "The API is not running" + (problems.isEmpty() ? "; try again shortly" : ": " + String.join("; ", problems)));
            problem.put("instance", req.getRequestURI());
            problem.put("errors", List.of());
            ex.send(503, "application/problem+json", problem);
        }
    }
}
