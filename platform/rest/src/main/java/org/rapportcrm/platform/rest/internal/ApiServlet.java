package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.rapportcrm.platform.api.automation.AutomationRegistry;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.job.ImportService;
import org.rapportcrm.platform.api.job.UnsupportedFormatException;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.transfer.ExportService;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API at {@code /api/v1}: one servlet with a small dispatcher, so contributed endpoints can come and go
 * without disturbing requests in flight. Authentication and the mapping of errors to RFC 9457 problem details
 * happen here once for every endpoint.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/*")
@HttpWhiteboardServletName("rapport-api")
public class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    private static final String PROBLEM_BASE = "https://rapportcrm.org/problems/";

    private final transient Json json = new Json();
    private final transient Authenticator authenticator;
    private final transient List<Route> routes = new ArrayList<>();
    private final transient List<Route> recordRoutes;
    private final transient RecordService records;
    private final transient MetadataService metadata;
    private final transient List<ConsoleContribution> contributions = new CopyOnWriteArrayList<>();
    private final transient Map<String, RestResource> resources = new ConcurrentHashMap<>();
    /** Record actions by "type/name". */
    private final transient Map<String, RecordAction> actions = new ConcurrentHashMap<>();

    @Activate
    public ApiServlet(@Reference RecordService records, @Reference MetadataService metadata, @Reference UserService users,
            @Reference ImportService imports, @Reference ExportService exports, @Reference AutomationRegistry automation) {
        this.records = records;
        this.metadata = metadata;
        this.authenticator = new Authenticator(users);
        routes.add(Route.anonymous("GET", "/health", this::health));
        routes.add(Route.anonymous("GET", "/openapi.json", ex -> ex.send(200, OpenApiDocument.build(metadata))));
        routes.add(Route.of("GET", "/console/contributions", this::listContributions));
        routes.addAll(new IdentityResource(users, authenticator).routes());
        routes.addAll(new MetadataResource(metadata).routes());
        routes.addAll(new AutomationResource(automation).routes());
        TransferResource transfers = new TransferResource(imports, exports, metadata);
        routes.addAll(transfers.routes());
        // After the others: /{plural} matches any first segment.
        recordRoutes = new ArrayList<>(transfers.recordRoutes());
        recordRoutes.addAll(new RecordResource(records, metadata).routes());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addResource(RestResource resource) {
        RestResource before = resources.putIfAbsent(resource.path(), resource);
        if (before != null) {
            LOG.error("Two REST resources claim /api/v1/{}: {} and {}; keeping the first", resource.path(), before, resource);
        }
    }

    void removeResource(RestResource resource) {
        resources.remove(resource.path(), resource);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addAction(RecordAction action) {
        RecordAction before = actions.putIfAbsent(action.recordType() + "/" + action.name(), action);
        if (before != null) {
            LOG.error("Two record actions claim {} {}: {} and {}; keeping the first", action.recordType(), action.name(), before, action);
        }
    }

    void removeAction(RecordAction action) {
        actions.remove(action.recordType() + "/" + action.name(), action);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addContribution(ConsoleContribution contribution) {
        contributions.add(contribution);
    }

    void removeContribution(ConsoleContribution contribution) {
        contributions.remove(contribution);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String method = req.getMethod();
        try {
            if (!path.startsWith("/v1/") && !path.equals("/v1")) {
                throw ApiException.notFound("The API lives under /api/v1");
            }
            String[] segments = Route.split(path.substring(3));
            Set<String> allowed = new LinkedHashSet<>();
            if (dispatch(routes, segments, req, resp, allowed)) {
                return;
            }
            RestResource resource = segments.length == 0 ? null : resources.get(segments[0]);
            if (resource != null && allowed.isEmpty()) {
                Exchange ex = new Exchange(req, resp, Map.of(), List.of(segments).subList(1, segments.length), json);
                ex.actor = authenticator.authenticate(req);
                resource.handle(ex);
                return;
            }
            RecordAction action = segments.length == 3 ? recordAction(segments[0], segments[2]) : null;
            if (action != null) {
                Exchange ex = new Exchange(req, resp, Map.of(), List.of(), json);
                ex.actor = authenticator.authenticate(req);
                action.handle(ex, segments[1]);
                return;
            }
            if (isRecordPath(segments) && dispatch(recordRoutes, segments, req, resp, allowed)) {
                return;
            }
            if (!allowed.isEmpty()) {
                resp.setHeader("Allow", String.join(", ", allowed));
                throw new ApiException(405, "Method not allowed", method + " is not supported here; use " + allowed, List.of());
            }
            throw ApiException.notFound("No endpoint at " + path);
        } catch (ApiException e) {
            if (e.status == 401) {
                resp.setHeader("WWW-Authenticate", req.getHeader("Authorization") != null
                        ? "Basic realm=\"Rapport\", Bearer realm=\"Rapport\"" : "Bearer realm=\"Rapport\"");
            }
            problem(req, resp, e.status, e.title, e.getMessage(), e.errors);
        } catch (ValidationException e) {
            problem(req, resp, 422, "Validation failed", e.getMessage(), e.getErrors());
        } catch (InvalidQueryException e) {
            problem(req, resp, 400, "Invalid query", e.getMessage(), List.of(new FieldError(e.getParameter(), "invalid", e.getMessage())));
        } catch (RecordNotFoundException e) {
            problem(req, resp, 404, "Not found", e.getMessage(), List.of());
        } catch (StaleVersionException e) {
            resp.setHeader("ETag", "\"" + e.getCurrentVersion() + "\"");
            problem(req, resp, 409, "Changed meanwhile", e.getMessage(), List.of());
        } catch (UnsupportedFormatException e) {
            problem(req, resp, 415, "Unsupported media type", e.getMessage(), List.of());
        } catch (AccessDeniedException e) {
            problem(req, resp, 403, "Forbidden", e.getMessage(), List.of());
        } catch (RestException e) {
            problem(req, resp, e.getStatus(), titleOf(e.getStatus()), e.getMessage(),
                    e.getParameter() == null ? List.of() : List.of(new FieldError(e.getParameter(), "invalid", e.getMessage())));
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", method, path, e);
            problem(req, resp, 500, "Internal error", "The request failed on the server; the log has the details", List.of());
        }
    }

    private static String titleOf(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 422 -> "Validation failed";
            case 429 -> "Too many requests";
            default -> "Client error";
        };
    }

    private RecordAction recordAction(String plural, String name) {
        return metadata.typeByPluralName(plural).map(type -> actions.get(type.getApiName() + "/" + name)).orElse(null);
    }

    /** Global search, or a record type's plural name: the record routes would match any first segment. */
    private boolean isRecordPath(String[] segments) {
        return segments.length > 0 && (segments[0].equals("search") || metadata.typeByPluralName(segments[0]).isPresent());
    }

    /** Runs the first route matching path and method; collects the methods of routes matching only the path. */
    private boolean dispatch(List<Route> candidates, String[] segments, HttpServletRequest req, HttpServletResponse resp,
            Set<String> allowed) throws IOException {
        for (Route route : candidates) {
            Map<String, String> params = route.match(segments);
            if (params == null) {
                continue;
            }
            if (!route.method().equals(req.getMethod())) {
                allowed.add(route.method());
                continue;
            }
            Exchange ex = new Exchange(req, resp, params, List.of(), json);
            if (!route.anonymous()) {
                ex.actor = authenticator.authenticate(req);
            }
            route.handler().handle(ex);
            return true;
        }
        return false;
    }

    private void health(Exchange ex) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        try {
            // One cheap query proves the database answers and the record machinery is wired.
            metadata.types().stream().findFirst().ifPresent(t -> records.query(Actor.system(), Query.of(t.getApiName()).limit(1)));
            body.put("status", "UP");
            body.put("recordTypes", metadata.types().size());
            ex.send(200, body);
        } catch (RuntimeException e) {
            LOG.warn("Health check failed: {}", e.getMessage());
            body.put("status", "DOWN");
            ex.send(503, body);
        }
    }

    private void listContributions(Exchange ex) throws IOException {
        List<Map<String, Object>> items = contributions.stream()
                .sorted(Comparator.comparingInt(ConsoleContribution::order).thenComparing(ConsoleContribution::id))
                .map(c -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", c.id());
                    m.put("placement", c.placement().name());
                    m.put("label", c.label());
                    m.put("tagName", c.tagName());
                    m.put("moduleUrl", c.moduleUrl());
                    m.put("recordType", c.recordType());
                    m.put("order", c.order());
                    return m;
                }).toList();
        ex.send(200, Map.of("items", items));
    }

    private void problem(HttpServletRequest req, HttpServletResponse resp, int status, String title, String detail,
            List<FieldError> errors) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.resetBuffer();
        resp.setHeader("Content-Encoding", null);
        resp.setHeader("Content-Disposition", null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", PROBLEM_BASE + title.toLowerCase().replace(' ', '-'));
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", req.getRequestURI());
        if (errors != null && !errors.isEmpty()) {
            body.put("errors", errors);
        }
        new Exchange(req, resp, Map.of(), List.of(), json).send(status, "application/problem+json", body);
    }
}
