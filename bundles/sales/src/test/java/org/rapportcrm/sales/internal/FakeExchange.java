package org.rapportcrm.sales.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.security.Actor;

/** A request to a REST resource or record action as the platform would hand it over, keeping what it answers. */
public final class FakeExchange implements RestExchange {
    private final String method;
    private final List<String> path;
    private final Map<String, String> query;
    private final Actor actor;
    private final Map<String, String> pathParameters = new HashMap<>();
    public final Map<String, String> headers = new HashMap<>();
    public int status;
    public Object body;
    public String contentType;
    public String fileName;
    public byte[] file;

    public FakeExchange(String method, List<String> path, Map<String, String> query, Actor actor) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.actor = actor;
    }

    /** A request without path or query, as record actions get them. */
    public FakeExchange(String method, Actor actor) {
        this(method, List.of(), Map.of(), actor);
    }

    public static FakeExchange get(String path, Map<String, String> query, Actor actor) {
        return new FakeExchange("GET", List.of(path.split("/")), query, actor);
    }

    public FakeExchange withPathParameter(String name, String value) {
        pathParameters.put(name, value);
        return this;
    }

    /** Runs the declared route of this method and {@code pattern}, as the platform would once it has matched it. */
    public FakeExchange run(List<RestRoute> routes, String pattern) throws IOException {
        RestRoute route = routes.stream().filter(r -> r.method().equals(method) && r.pattern().equals(pattern)).findFirst()
                .orElseThrow(() -> new AssertionError("No route " + method + " '" + pattern + "' in " + routes));
        route.handler().handle(this);
        return this;
    }

    /** The routes as "METHOD pattern", to check what a resource declares. */
    public static List<String> declared(List<RestRoute> routes) {
        return routes.stream().map(RestRoute::toString).toList();
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public List<String> pathSegments() {
        return path;
    }

    @Override
    public String query(String name) {
        return query.get(name);
    }

    @Override
    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    @Override
    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public void noContent() {
        this.status = 204;
    }

    @Override
    public Map<String, Object> body() {
        return Map.of();
    }

    @Override
    public Actor actor() {
        return actor;
    }

    @Override
    public void send(int status, Object body) {
        this.status = status;
        this.body = body;
        this.contentType = "application/json";
    }

    @Override
    public void setHeader(String name, String value) {
        headers.put(name, value);
    }

    @Override
    public void sendFile(int status, String contentType, String fileName, byte[] content) {
        this.status = status;
        this.contentType = contentType;
        this.fileName = fileName;
        this.file = content;
    }
}
