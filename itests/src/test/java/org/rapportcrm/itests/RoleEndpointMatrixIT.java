package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rapportcrm.itests.RestClient.Response;

/**
 * Every endpoint of the OpenAPI document, called by a user of every built-in role, answers what that role's definition
 * (read from {@code /roles}) says: the record endpoints by the role's grants, the type's kind and its master's rights,
 * the others by who they are for. Generated: a path or a role more is a case more, with no code to add. Every answer
 * is also no 5xx and not a 401 for a signed-in user.
 *
 * <p>Two samples of every record type are made from its metadata: one owned by the administrator (outside the user's
 * team: scopes own and team do not reach it) and one owned by the user. Changes are sent with a stale If-Match, so an
 * allowed change answers 409/412 and changes nothing, and a refused one answers 403 before the version is looked at.
 */
@ExtendWith(RapportServer.class)
class RoleEndpointMatrixIT {
    private static final String PASSWORD = "matrix-password";
    private static final String STALE = "\"999999\"";
    /** Endpoints other than the record endpoints, by who may use them; all others: every signed-in user without 5xx. */
    private static final Set<String> ADMIN_ONLY = Set.of("POST /users", "PATCH /users/{id}", "POST /teams", "POST /roles",
            "PATCH /roles/{name}", "DELETE /roles/{name}", "POST /roles/{name}/reset", "POST /metadata/{type}/fields",
            "PATCH /metadata/{type}/fields/{field}");
    private static final Set<String> EVERY_USER = Set.of("GET /users", "GET /teams", "GET /roles", "GET /roles/{name}", "GET /access",
            "GET /metadata", "GET /metadata/{type}", "GET /tokens", "GET /search", "GET /console/contributions");
    /** Not for a generated call: they sign in or out, or change the caller's own credentials. */
    private static final Set<String> SKIPPED = Set.of("POST /session", "GET /session", "DELETE /session", "GET /setup", "POST /setup",
            "POST /users/{id}/password", "POST /tokens", "DELETE /tokens/{id}");

    private static RapportServer server;
    private static RestClient admin;
    private static JsonNode openApi;
    private static SchemaData schemaData;
    private static SampleRecords samples;
    private static Map<String, JsonNode> typesByPlural;
    private static Map<String, JsonNode> typesByName;
    private static final Map<String, JsonNode> roles = new LinkedHashMap<>();

    @BeforeAll
    static void readTheDefinitions(RapportServer s) {
        server = s;
        admin = new RestClient(s).basic("admin", RapportServer.ADMIN_PASSWORD);
        openApi = admin.get("/openapi.json").body();
        schemaData = new SchemaData(openApi, 20261205L);
        samples = new SampleRecords(admin);
        typesByPlural = samples.typesByPlural;
        typesByName = samples.typesByName;
        for (JsonNode r : admin.get("/roles").body().path("items")) {
            if (r.path("builtIn").asBoolean()) {
                roles.put(r.path("name").asText(), r);
            }
        }
        assertTrue(roles.size() >= 6 && openApi.path("paths").size() > 10, "the roles and the document are there");
    }

    /** A user of the role, alone in a team of their own. */
    private static RestClient userOf(String role, Map<String, String> ids) {
        String name = "matrix-" + role + "-" + Long.toString(System.nanoTime(), 36);
        String team = admin.post("/teams", Map.of("name", name)).body().path("id").asText();
        Response u = admin.post("/users", Map.of("userName", name, "displayName", name, "password", PASSWORD, "roles", List.of(role),
                "teamIds", List.of(team)));
        assertEquals(201, u.status(), u.body().toString());
        ids.put("user", u.body().path("id").asText());
        return new RestClient(server).basic(name, PASSWORD);
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointAnswersEveryBuiltInRoleAsItsDefinitionSays() {
        List<DynamicTest> cases = new ArrayList<>();
        for (String role : roles.keySet()) {
            Map<String, String> ids = new HashMap<>();
            RestClient user = userOf(role, ids);
            Map<String, String> mine = samples.world(ids.get("user"));
            Map<String, String> others = samples.world(null);
            for (Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields(); paths.hasNext();) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext();) {
                    String method = methods.next().toUpperCase();
                    if (method.equals("PARAMETERS") || method.equals("SUMMARY") || method.equals("DESCRIPTION")) {
                        continue;
                    }
                    String template = path.getKey();
                    if (SKIPPED.contains(method + " " + template)) {
                        continue;
                    }
                    cases.addAll(casesFor(role, user, ids.get("user"), method, template, mine, others));
                }
            }
        }
        return cases.stream();
    }

    private List<DynamicTest> casesFor(String role, RestClient user, String userId, String method, String template,
            Map<String, String> mine, Map<String, String> others) {
        String[] segments = template.replaceFirst("^/", "").split("/");
        JsonNode type = typesByPlural.get(segments[0]);
        String name = role + ": " + method + " " + template;
        if (type == null || segments.length > 3) {
            return List.of(DynamicTest.dynamicTest(name, () -> otherEndpoint(role, user, userId, method, template)));
        }
        String typeName = type.path("apiName").asText();
        List<DynamicTest> cases = new ArrayList<>();
        if (segments.length == 1) {
            cases.add(DynamicTest.dynamicTest(name, () -> {
                if (method.equals("GET")) {
                    expect(readable(role, typeName, false) ? 200 : 403, user.get(template + "?limit=1"), name);
                } else if (method.equals("POST")) {
                    expectAllowed(creatable(role, typeName), user.post(template, Map.of()), name);
                }
            }));
        } else if (segments.length == 2 && segments[1].equals("bulk")) {
            cases.add(DynamicTest.dynamicTest(name, () -> expect(creatable(role, typeName) ? 202 : 403,
                    user.raw("POST", template, "text/csv", "id\n"), name)));
        } else if (segments.length == 2 && segments[1].equals("export")) {
            cases.add(DynamicTest.dynamicTest(name, () -> expect(readable(role, typeName, false) && permitted(role, "export") ? 200 : 403,
                    user.get(template + "?limit=1&filter=" + RestClient.q("id eq 'none'")), name)));
        } else if (segments[1].equals("{id}")) {
            for (boolean own : new boolean[] {false, true}) {
                String id = (own ? mine : others).get(typeName);
                String path = template.replace("{id}", id);
                String label = name + (own ? " (own record)" : " (another team's record)");
                cases.add(DynamicTest.dynamicTest(label, () -> {
                    if (segments.length == 3) {
                        Response r = method.equals("GET") ? user.get(path) : user.raw(method, path, "application/json", "{}");
                        if (segments[2].equals("history")) {
                            expect(readable(role, typeName, own) ? 200 : 403, r, label);
                        } else if (segments[2].equals("files")) {
                            // A record's files follow the record: read with it, added by whoever may edit it.
                            Response files = method.equals("GET") ? user.get(path)
                                    : user.raw("POST", path, "application/octet-stream", "matrix notes");
                            expectReach(method.equals("GET") ? readable(role, typeName, own) : writable(role, typeName, own, "edit"),
                                    method.equals("GET") ? 200 : 201, files, label);
                        } else {
                            sane(r, label); // a capability's action on a record: its own rules
                        }
                    } else if (method.equals("GET")) {
                        expect(readable(role, typeName, own) ? 200 : 403, user.get(path), label);
                    } else if (method.equals("PATCH")) {
                        expectAllowedChange(writable(role, typeName, own, "edit"), user.patch(path, STALE, Map.of()), label);
                    } else if (method.equals("DELETE")) {
                        expectAllowedChange(writable(role, typeName, own, "delete"), user.delete(path, STALE), label);
                    }
                }));
            }
        } else {
            cases.add(DynamicTest.dynamicTest(name, () -> otherEndpoint(role, user, userId, method, template)));
        }
        return cases;
    }

    /**
     * An endpoint that is not a record's, called with a request its declaration accepts (parameters, If-Match, a body
     * made from its schema), so what decides the answer is who calls it. An administrator's changes are not sent: they
     * would change the server under the other tests, and what an administrator may do is everything.
     */
    private void otherEndpoint(String role, RestClient user, String userId, String method, String template) throws Exception {
        String key = method + " " + template;
        JsonNode op = openApi.path("paths").path(template).path(method.toLowerCase());
        boolean changes = !method.equals("GET");
        if (changes && role.equals("admin") && ADMIN_ONLY.contains(key)) {
            return;
        }
        StringBuilder path = new StringBuilder(template.replace("{id}", userId).replace("{name}", role).replace("{type}", "contact")
                .replaceAll("\\{[^}]+}", "x"));
        RestClient client = user;
        for (JsonNode p : op.path("parameters")) {
            String in = p.path("in").asText();
            if (in.equals("query") && p.path("required").asBoolean()) {
                path.append(path.indexOf("?") < 0 ? '?' : '&').append(p.path("name").asText()).append('=')
                        .append(RestClient.q(schemaData.valid(p.path("schema"), false).asText()));
            } else if (in.equals("header") && p.path("name").asText().equals("If-Match")) {
                client = client.with("If-Match", "\"1\"");
            }
        }
        JsonNode bodySchema = op.path("requestBody").path("content").path("application/json").path("schema");
        String body = bodySchema.isMissingNode() ? "{}" : RestClient.JSON.writeValueAsString(schemaData.valid(bodySchema, false));
        Response r = changes ? client.raw(method, path.toString(), "application/json", body) : client.get(path.toString());
        sane(r, role + ": " + key);
        if (ADMIN_ONLY.contains(key)) {
            if (role.equals("admin")) {
                assertNotEquals(403, r.status(), key);
            } else {
                expect(403, r, role + ": " + key);
            }
        } else if (EVERY_USER.contains(key)) {
            expect(200, r, role + ": " + key);
        }
    }

    // ---- what the role's definition says ----

    private static boolean isAdmin(String role) {
        return role.equals("admin");
    }

    private static boolean permitted(String role, String permission) {
        return isAdmin(role) || roles.get(role).path("permissions").toString().contains("\"" + permission + "\"");
    }

    private static JsonNode grant(String role, String type) {
        JsonNode any = null;
        for (JsonNode g : roles.get(role).path("grants")) {
            if (g.path("recordType").asText().equals(type)) {
                return g;
            }
            if (g.path("recordType").asText().equals("*")) {
                any = g;
            }
        }
        return any;
    }

    private static String scope(String role, String type, String action) {
        if (isAdmin(role)) {
            return "ALL";
        }
        JsonNode g = grant(role, type);
        return g == null ? "NONE" : g.path(action).asText();
    }

    private static boolean reaches(String scope, boolean own) {
        return scope.equals("ALL") || own && !scope.equals("NONE");
    }

    private static boolean readable(String role, String type, boolean own) {
        return reaches(scope(role, type, "read"), own);
    }

    private static String kind(String type) {
        return samples.kind(type);
    }

    private static boolean creatable(String role, String type) {
        return switch (kind(type)) {
            case "SYSTEM" -> false;
            case "CONFIGURATION" -> permitted(role, "manageSettings");
            default -> isAdmin(role) || grant(role, type) != null && grant(role, type).path("create").asBoolean();
        };
    }

    /** May the role edit (or delete) the sample of its own or another team, and edit every master (or parent) it belongs to? */
    private static boolean writable(String role, String type, boolean own, String action) {
        boolean itself = switch (kind(type)) {
            case "SYSTEM" -> false;
            case "CONFIGURATION" -> permitted(role, "manageSettings");
            default -> reaches(scope(role, type, action), own);
        };
        String parent = typesByName.get(type).path("parentField").asText(null);
        for (JsonNode f : typesByName.get(type).path("fields")) {
            if (f.path("master").asBoolean() || f.path("apiName").asText().equals(parent)) {
                itself &= writable(role, f.path("referenceTo").asText(), own, "edit");
            }
        }
        return itself;
    }

    // ---- answers ----

    private static void sane(Response r, String what) {
        assertTrue(r.status() < 500, what + " answered " + r.status() + ": " + r.body());
        assertNotEquals(401, r.status(), what + ": a signed-in user");
    }

    private static void expect(int status, Response r, String what) {
        sane(r, what);
        assertEquals(status, r.status(), what + ": " + r.body());
    }

    /** Allowed: {@code status}; refused: 403, or 404 where the caller may not even read the record. */
    private static void expectReach(boolean allowed, int status, Response r, String what) {
        sane(r, what);
        if (allowed) {
            assertEquals(status, r.status(), what + ": " + r.body());
        } else {
            assertTrue(r.status() == 403 || r.status() == 404, what + " answered " + r.status() + ": " + r.body());
        }
    }

    /** Allowed: anything but 403 (an empty body answers 422); refused: 403. */
    private static void expectAllowed(boolean allowed, Response r, String what) {
        sane(r, what);
        if (allowed) {
            assertNotEquals(403, r.status(), what + ": " + r.body());
        } else {
            assertEquals(403, r.status(), what + ": " + r.body());
        }
    }

    /** A stale If-Match: allowed answers that the version changed (409, or 412 once the API says so); refused 403. */
    private static void expectAllowedChange(boolean allowed, Response r, String what) {
        sane(r, what);
        if (allowed) {
            assertTrue(r.status() == 409 || r.status() == 412, what + " answered " + r.status() + ": " + r.body());
        } else {
            assertEquals(403, r.status(), what + ": " + r.body());
        }
    }
}
