package org.rapportcrm.platform.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleContribution.Placement;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.security.Actor;

class ContributionRegistryTest {
    private final ContributionRegistry registry = new ContributionRegistry();

    @Test
    void listsContributionsInTheirOrderWithTheCapabilityOfTheirBundle() throws Exception {
        registry.add(contribution("sales-forecast", Placement.NAVIGATION, 20, null), "Sales");
        registry.add(contribution("capabilities", Placement.NAVIGATION, 900, null), null);
        registry.add(contribution("sales-pipeline", Placement.NAVIGATION, 10, null), "Sales");
        registry.add(contribution("loyalty-points", Placement.RECORD_PANEL, 100, "contact"), "Loyalty");

        Exchange ex = new Exchange("GET", List.of("contributions"));
        contributionsRoute().handler().handle(ex);

        assertEquals(200, ex.status);
        List<?> items = (List<?>) ((Map<?, ?>) ex.body).get("items");
        assertEquals(List.of("sales-pipeline", "sales-forecast", "loyalty-points", "capabilities"),
                items.stream().map(i -> ((Map<?, ?>) i).get("id")).toList());
        Map<String, Object> points = new HashMap<>();
        points.put("id", "loyalty-points");
        points.put("placement", "RECORD_PANEL");
        points.put("label", "Label of loyalty-points");
        points.put("tagName", "rp-loyalty-points-v1");
        points.put("moduleUrl", "/app/ext/test/loyalty-points.js");
        points.put("recordType", "contact");
        points.put("order", 100);
        points.put("capability", "Loyalty");
        assertEquals(points, items.get(2));
        assertEquals(null, ((Map<?, ?>) items.get(3)).get("capability"), "a bundle without the header names no capability");
    }

    @Test
    void aContributionWhoseBundleWentIsNoLongerListed() {
        ConsoleContribution pipeline = contribution("sales-pipeline", Placement.NAVIGATION, 10, null);
        registry.add(pipeline, "Sales");
        registry.removeContribution(pipeline);

        assertEquals(List.of(), registry.list());
    }

    @Test
    void theListIsDeclaredForTheApiAtConsoleContributions() {
        assertEquals("console", registry.path());
        RestRoute route = contributionsRoute();
        assertEquals("GET", route.method());
        assertFalse(route.isPublic(), "for signed-in users only");
    }

    private RestRoute contributionsRoute() {
        List<RestRoute> routes = registry.routes();
        assertEquals(1, routes.size());
        assertEquals("contributions", routes.get(0).pattern());
        return routes.get(0);
    }

    private static ConsoleContribution contribution(String id, Placement placement, int order, String recordType) {
        return new ConsoleContribution() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Placement placement() {
                return placement;
            }

            @Override
            public String label() {
                return "Label of " + id;
            }

            @Override
            public String tagName() {
                return "rp-" + id + "-v1";
            }

            @Override
            public String moduleUrl() {
                return "/app/ext/test/" + id + ".js";
            }

            @Override
            public String recordType() {
                return recordType;
            }

            @Override
            public int order() {
                return order;
            }
        };
    }

    /** A request as the REST servlet hands it over, after signing in. */
    private static final class Exchange implements RestExchange {
        private final String method;
        private final List<String> segments;
        final Map<String, String> headers = new HashMap<>();
        int status;
        Object body;

        Exchange(String method, List<String> segments) {
            this.method = method;
            this.segments = segments;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public List<String> pathSegments() {
            return segments;
        }

        @Override
        public String query(String name) {
            return null;
        }

        @Override
        public String pathParameter(String name) {
            return null;
        }

        @Override
        public String header(String name) {
            return null;
        }

        @Override
        public void noContent() {
            status = 204;
        }

        @Override
        public Map<String, Object> body() {
            return Map.of();
        }

        @Override
        public Actor actor() {
            return null;
        }

        @Override
        public void send(int status, Object body) {
            this.status = status;
            this.body = body;
        }

        @Override
        public void setHeader(String name, String value) {
            headers.put(name, value);
        }

        @Override
        public void sendFile(int status, String contentType, String fileName, byte[] content) {
            throw new UnsupportedOperationException();
        }
    }
}
