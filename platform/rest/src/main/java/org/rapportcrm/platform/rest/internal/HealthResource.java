package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.health.HealthReport;
import org.rapportcrm.platform.api.health.Readiness;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * Liveness and readiness without signing in: {@code /health/live} answers while the server takes requests at all;
 * {@code /health/ready} (and {@code /health}) only once everything installed is serving, else 503 with what is
 * missing and a Retry-After, for load balancers and for people.
 */
final class HealthResource {
    /** Seconds a client or load balancer should wait before asking again. */
    static final String RETRY_AFTER = "5";
    private static final JsonSchema CHECK = JsonSchema.object().openProperties()
            .property("status", JsonSchema.string().enumValues("UP", "DOWN", "STARTING"))
            .property("detail", JsonSchema.string()).required("status", "detail");
    static final JsonSchema HEALTH = JsonSchema.object().openProperties()
            .property("status", JsonSchema.string().enumValues("UP", "DOWN", "STARTING")
                    .description("UP: ready; STARTING: not yet, expected soon; DOWN: something needs fixing (see checks)"))
            .property("checks", JsonSchema.anyObject().description("each part by name: its status and detail"))
            .required("status");

    private final Readiness readiness;

    HealthResource(Readiness readiness) {
        this.readiness = readiness;
    }

    List<RestRoute> routes() {
        return List.of(
                RestRoute.get("health").publicAccess().summary("Whether this node serves everything installed (readiness)")
                        .response(200, "Ready", HEALTH).response(503, "Not ready: starting, installing, or something needs fixing", HEALTH)
                        .handler(this::ready),
                RestRoute.get("health/ready").publicAccess().summary("Whether this node serves everything installed (readiness)")
                        .response(200, "Ready", HEALTH).response(503, "Not ready: starting, installing, or something needs fixing", HEALTH)
                        .handler(this::ready),
                RestRoute.get("health/live").publicAccess().summary("Whether this node takes requests at all (liveness)")
                        .response(200, "Alive", JsonSchema.object().openProperties().property("status", JsonSchema.string().enumValues("UP"))
                                .required("status"))
                        .handler(ex -> ex.send(200, Map.of("status", "UP"))));
    }

    private void ready(RestExchange ex) throws IOException {
        HealthReport report = readiness.report();
        if (!report.ready()) {
            ex.setHeader("Retry-After", RETRY_AFTER);
        }
        ex.send(report.ready() ? 200 : 503, body(report));
    }

    static Map<String, Object> body(HealthReport report) {
        Map<String, Object> checks = new LinkedHashMap<>();
        report.checks().forEach((name, status) -> checks.put(name, Map.of("status", status.status(), "detail", status.detail())));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.status());
        body.put("checks", checks);
        return body;
    }
}
