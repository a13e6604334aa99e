package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.ServiceReference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.IdempotentRequests;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapportcrm.platform.api.automation.AutomationRegistry;
import org.rapportcrm.platform.api.file.FileChangeRefusedException;
import org.rapportcrm.platform.api.file.FileRefusedException;
import org.rapportcrm.platform.api.file.FileService;
import org.rapportcrm.platform.api.file.FileTooLargeException;
import org.rapportcrm.platform.api.health.Readiness;
import org.rapportcrm.platform.api.job.ImportService;
import org.rapportcrm.platform.api.job.UnsupportedFormatException;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.BusyException;
import org.rapportcrm.platform.api.record.DeleteRestrictedException;
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
import org.rapportcrm.platform.api.security.RoleService;
import org.rapportcrm.platform.api.security.SignInThrottledException;
import org.rapportcrm.platform.api.security.UserService;
import org.rapportcrm.platform.api.view.ListViewService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API at {@code /api/v1} behind {@link ApiServlet}: a small dispatcher over declared routes, so contributed
 * endpoints can come and go without disturbing requests in flight. Authentication, the checks of parameters and bodies
 * against their declared schemas, and the mapping of errors to RFC 9457 problem details happen here once for every
 * endpoint.
 *
 * <p>It is created only where the servlet binds it: when Pax Web creates the servlet, on the first request (about
 * 0.35 s), and when it comes back after a restart. It is not {@code immediate}: SCR's own activation beside that
 * binding would be a second thread creating it (see {@link ApiServlet#bindApi}).
 */
@Component(service = ApiHandler.class, configurationPid = ApiDispatcher.PID)
@Designate(ocd = ApiDispatcher.Config.class)
public class ApiDispatcher implements ApiHandler {
    public static final String PID = "org.rapportcrm.rest";
    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
    private static final String PROBLEM_BASE = "https://rapportcrm.org/problems/";
    /** How much of a refused body is read and dropped at most, and for how long: beyond, the connection is closed. */
    private static final long LINGER_BYTES = 64L * 1024 * 1024;
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(10);

    @ObjectClassDefinition(name = "Rapport REST API")
    public @interface Config {
        @AttributeDefinition(description = "Largest bulk import upload in megabytes; larger ones are refused with 413")
        int maxUploadMegabytes() default 200;
    }

    private final Json json = new Json();
    private final Authenticator authenticator;
    private final RouteTable routes;
    private final RequestChecks checks;
    private final OpenApiDocument openApi;
    private final Readiness readiness;
    private final IdempotentExecution idempotent;
    private final PermissionFirst permissionFirst;

    @Activate
    public ApiDispatcher(@Reference RecordService records, @Reference MetadataService metadata, @Reference UserService users,
            @Reference ImportService imports, @Reference ExportService exports, @Reference AutomationRegistry automation,
            @Reference Readiness readiness, @Reference IdempotentRequests kept, @Reference RoleService roles,
            @Reference ListViewService views, @Reference FileService files, Config config) {
        this.readiness = readiness;
        this.authenticator = new Authenticator(users);
        this.permissionFirst = new PermissionFirst(metadata, roles);
        long maxUpload = config.maxUploadMegabytes() * 1024L * 1024L;
        TransferResource transfers = new TransferResource(imports, exports, maxUpload);
        this.idempotent = new IdempotentExecution(kept, records, maxUpload,
                Path.of(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "rapport", "uploads"));
        List<RestRoute> platform = new ArrayList<>(new HealthResource(readiness).routes());
        platform.add(RestRoute.get("openapi.json").publicAccess().summary("This document")
                .response(200, "The OpenAPI 3.1 document of the API as it is now", JsonSchema.anyObject())
                .handler(this::sendOpenApi));
        platform.addAll(new IdentityResource(users, authenticator).routes());
        platform.addAll(new RoleResource(roles, metadata).routes());
        platform.addAll(new ListViewResource(views).routes());
        platform.addAll(new MetadataResource(metadata, roles, records).routes());
        platform.addAll(new AutomationResource(automation).routes());
        platform.addAll(transfers.routes());
        FileResource fileRoutes = new FileResource(files);
        platform.addAll(fileRoutes.routes());
        this.routes = new RouteTable(platform.stream().map(r -> Mounted.at("", r, RouteTable.PLATFORM)).toList(),
                new RecordResource(records, metadata, transfers, fileRoutes), metadata);
        this.openApi = new OpenApiDocument(routes, metadata);
        this.checks = new RequestChecks(json.mapper, openApi::components);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addResource(ServiceReference<RestResource> reference, RestResource resource) {
        routes.addResource(resource, reference.getBundle().getSymbolicName());
    }

    void removeResource(RestResource resource) {
        routes.removeResource(resource);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addAction(ServiceReference<RecordAction> reference, RecordAction action) {
        routes.addAction(action, reference.getBundle().getSymbolicName());
    }

    void removeAction(RecordAction action) {
        routes.removeAction(action);
    }

    @Override
    public void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String method = req.getMethod();
        resp.setHeader("X-Content-Type-Options", "nosniff");
        Exchange ex = null;
        try {
            if (!path.startsWith("/v1/") && !path.equals("/v1")) {
                throw ApiException.notFound("The API lives under /api/v1");
            }
            readQueryString(req);
            RouteTable.Lookup found = routes.find(method, segments(req));
            ex = new Exchange(req, resp, json);
            if (found.legacy() != null) {
                ex.actor = authenticator.authenticate(req);
                found.legacy().handle(ex);
                return;
            }
            if (found.route() == null) {
                if (!found.allowedMethods().isEmpty()) {
                    resp.setHeader("Allow", String.join(", ", found.allowedMethods()));
                    throw new ApiException(405, "Method not allowed", method + " is not supported here; use "
                            + String.join(", ", found.allowedMethods()), List.of());
                }
                if (readiness.report().settling()) {
                    // Starting, or a capability coming or going: what is not there yet may be in a moment.
                    resp.setHeader("Retry-After", HealthResource.RETRY_AFTER);
                    throw new ApiException(503, "Service unavailable", "Rapport is starting or changing its capabilities: "
                            + "try again shortly (" + String.join("; ", readiness.report().problems()) + ")", List.of());
                }
                throw ApiException.notFound("No endpoint at /api" + path);
            }
            RestRoute route = found.route().route();
            ex.withParameters(found.parameters());
            if (!route.isPublic()) {
                ex.actor = authenticator.authenticate(req);
            }
            permissionFirst.check(found.route(), ex.actor);
            checks.check(found.route(), ex);
            if (IdempotentExecution.applies(ex, route)) {
                idempotent.run(ex, route);
            } else {
                route.handler().handle(ex);
            }
        } catch (ApiException e) {
            problem(req, resp, e.status, e.title, e.getMessage(), e.errors);
        } catch (FileTooLargeException e) {
            problem(req, resp, 413, "Payload too large", e.getMessage(), List.of(new FieldError("file", "maxSize", e.getMessage())));
        } catch (FileChangeRefusedException e) {
            problem(req, resp, 409, "Conflict", e.getMessage(), List.of(new FieldError("file", "frozen", e.getMessage())));
        } catch (FileRefusedException e) {
            problem(req, resp, 422, "File refused", e.getMessage(), List.of(new FieldError("file", "refused", e.getMessage())));
        } catch (ValidationException e) {
            problem(req, resp, 422, "Validation failed", e.getMessage(), e.getErrors());
        } catch (InvalidQueryException e) {
            problem(req, resp, 400, "Invalid query", e.getMessage(), List.of(new FieldError(e.getParameter(), "invalid", e.getMessage())));
        } catch (DeleteRestrictedException e) {
            problem(req, resp, 409, "Conflict", e.getMessage(), e.getDeletion().blockedBy().stream().map(b -> new FieldError(
                    b.type() + "." + b.field(), "restricted", b.count() + " " + b.type() + " record(s) refer to it by " + b.field())).toList());
        } catch (RecordNotFoundException e) {
            problem(req, resp, 404, "Not found", e.getMessage(), List.of());
        } catch (StaleVersionException e) {
            if (e.getCurrentVersion() > 0) {
                resp.setHeader("ETag", EntityTags.of(e.getCurrentVersion()));
            }
            problem(req, resp, 412, "Precondition failed", e.getMessage(), List.of());
        } catch (UnsupportedFormatException e) {
            problem(req, resp, 415, "Unsupported media type", e.getMessage(), List.of());
        } catch (AccessDeniedException e) {
            problem(req, resp, 403, "Forbidden", e.getMessage(),
                    e.getField() == null ? List.of() : List.of(new FieldError(e.getField(), "forbidden", e.getMessage())));
        } catch (SignInThrottledException e) {
            resp.setHeader("Retry-After", Long.toString(e.getRetryAfterSeconds()));
            boolean busy = e.getReason() == SignInThrottledException.Reason.BUSY;
            problem(req, resp, busy ? 503 : 429, busy ? "Service unavailable" : "Too many requests", e.getMessage(), List.of());
        } catch (BusyException e) {
            resp.setHeader("Retry-After", String.valueOf(e.getRetryAfterSeconds()));
            problem(req, resp, 503, "Service unavailable", e.getMessage(), List.of());
        } catch (RestException e) {
            problem(req, resp, e.getStatus(), titleOf(e.getStatus()), e.getMessage(),
                    e.getParameter() == null ? List.of() : List.of(new FieldError(e.getParameter(), "invalid", e.getMessage())));
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", method, path, e);
            problem(req, resp, 500, "Internal error", "The request failed on the server; the log has the details", List.of());
        } finally {
            if (ex != null) {
                ex.cleanUp();
            }
        }
    }

    /**
     * The path under {@code /api/v1} in segments, each decoded on its own: an id or a name may contain an encoded
     * slash ({@code %2F}) without changing which route answers.
     */
    private static List<String> segments(HttpServletRequest req) {
        String raw = req.getRequestURI().substring(req.getContextPath().length() + req.getServletPath().length());
        List<String> segments = new ArrayList<>();
        for (String s : Mounted.split(raw.substring("/v1".length()))) {
            try {
                segments.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(null, "The path is malformed: every % must be followed by two hex digits");
            }
        }
        return segments;
    }

    /** Reads the query string now, so a malformed one (a stray %, text that is not UTF-8) is a 400, wherever it is read. */
    private static void readQueryString(HttpServletRequest req) {
        try {
            req.getParameterMap();
        } catch (RuntimeException e) {
            throw ApiException.badRequest(null, "The query string is malformed: every % must be followed by two hex digits "
                    + "and the text must be UTF-8");
        }
    }

    private static String titleOf(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 412 -> "Precondition failed";
            case 413 -> "Payload too large";
            case 415 -> "Unsupported media type";
            case 422 -> "Validation failed";
            case 429 -> "Too many requests";
            case 503 -> "Service unavailable";
            default -> "Client error";
        };
    }

    private void sendOpenApi(RestExchange ex) throws IOException {
        ex.send(200, openApi.document());
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
        if (status == 401) {
            // RFC 9110 §11.6.1: name every scheme accepted; most clients send Basic credentials only after its challenge.
            // Not to a page's script (the console's fetch): a browser would open its own sign-in dialog over the page.
            String fetchMode = req.getHeader("Sec-Fetch-Mode");
            if (fetchMode == null || fetchMode.equals("navigate")) {
                resp.setHeader("WWW-Authenticate", "Basic realm=\"Rapport\", charset=\"UTF-8\"");
            }
            resp.addHeader("WWW-Authenticate", "Bearer realm=\"Rapport\"");
        }
        new Exchange(req, resp, json).send(status, "application/problem+json", body);
        discardUnreadBody(req, resp);
    }

    /**
     * Reads, after the answer has gone out, what the client still sends of a body the answer refused, within bounds.
     * A connection closed with unread bytes is reset by TCP, and a client still sending then loses the answer: a 413
     * or 401 seen as "connection reset". Web servers linger the same way.
     */
    private static void discardUnreadBody(HttpServletRequest req, HttpServletResponse resp) {
        if (req.getContentLengthLong() == 0) {
            return;
        }
        long deadline = System.nanoTime() + LINGER_NANOS;
        try {
            resp.flushBuffer();
            InputStream in = req.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long left = LINGER_BYTES;
            int n;
            while (left > 0 && System.nanoTime() < deadline && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away, or the body was read as characters: nothing to linger for.
        }
    }
}
