package org.rapportcrm.sales.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.security.Actor;

/** A request to a REST resource or record action as the platform would hand it over, keeping what it answers. */
public final class FakeExchange implements RestExchange {
    private final String method;
    private final List<String> path;
    private final Map<String, String> query;
    private final Actor actor;
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
