package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.NewUser;
import org.rapportcrm.platform.api.security.Session;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;

/** Sign-in and sign-out, first-run setup, users, roles, teams and API tokens. */
final class IdentityResource {
    private final UserService users;
    private final Authenticator authenticator;

    IdentityResource(UserService users, Authenticator authenticator) {
        this.users = users;
        this.authenticator = authenticator;
    }

    List<Route> routes() {
        return List.of(
                Route.anonymous("POST", "/session", this::signIn),
                Route.anonymous("GET", "/session", this::currentSession),
                Route.anonymous("DELETE", "/session", this::signOut),
                Route.anonymous("GET", "/setup", ex -> ex.send(200, Map.of("setUp", users.isSetUp()))),
                Route.anonymous("POST", "/setup", this::setUp),
                Route.of("GET", "/users", ex -> ex.send(200, Map.of("items", users.users(ex.actor)))),
                Route.of("POST", "/users", this::createUser),
                Route.of("GET", "/users/{id}", ex -> ex.send(200, users.user(ex.actor, ex.param("id"))
                        .orElseThrow(() -> ApiException.notFound("No user " + ex.param("id"))))),
                Route.of("PATCH", "/users/{id}", this::updateUser),
                Route.of("POST", "/users/{id}/password", this::setPassword),
                Route.of("GET", "/roles", ex -> ex.send(200, Map.of("items", users.roles()))),
                Route.of("GET", "/teams", ex -> ex.send(200, Map.of("items", users.teams(ex.actor)))),
                Route.of("POST", "/teams", ex -> ex.send(201, users.createTeam(ex.actor, text(ex.body(), "name", true)))),
                Route.of("GET", "/tokens", ex -> ex.send(200, Map.of("items", users.apiTokens(ex.actor)))),
                Route.of("POST", "/tokens", ex -> ex.send(201, Map.of("token", users.createApiToken(ex.actor, text(ex.body(), "name", true))))),
                Route.of("DELETE", "/tokens/{id}", ex -> {
                    users.revokeApiToken(ex.actor, ex.param("id"));
                    ex.noContent();
                }));
    }

    private void signIn(Exchange ex) throws IOException {
        Map<String, Object> body = ex.body();
        String userName = text(body, "userName", true);
        String password = text(body, "password", true);
        Actor actor = users.authenticate(userName.trim().toLowerCase(java.util.Locale.ROOT), password)
                .orElseThrow(() -> ApiException.unauthorized("Wrong user name or password"));
        Session session = users.openSession(actor);
        String secure = ex.request.isSecure() ? "; Secure" : "";
        ex.response.addHeader("Set-Cookie", Authenticator.SESSION_COOKIE + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict" + secure);
        ex.send(200, sessionBody(session, actor));
    }

    private void currentSession(Exchange ex) throws IOException {
        Session session = authenticator.session(ex.request).orElseThrow(() -> ApiException.unauthorized("Not signed in"));
        ex.send(200, sessionBody(session, session.actor()));
    }

    private void signOut(Exchange ex) {
        authenticator.session(ex.request).ifPresent(s -> users.closeSession(s.id()));
        ex.response.addHeader("Set-Cookie", Authenticator.SESSION_COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        ex.noContent();
    }

    private Map<String, Object> sessionBody(Session session, Actor actor) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", users.user(actor, actor.userId()).orElseThrow());
        body.put("csrfToken", session.csrfToken());
        return body;
    }

    /** The first administrator's password, set from the machine Rapport runs on: nobody else can claim a new installation. */
    private void setUp(Exchange ex) throws IOException {
        if (!isLocal(ex)) {
            throw ApiException.forbidden("Setup is only possible from the machine Rapport runs on (localhost), or set "
                    + "RAPPORT_ADMIN_PASSWORD before the first start");
        }
        if (users.isSetUp()) {
            throw ApiException.forbidden("Rapport is already set up");
        }
        User admin = users.setUpAdmin(text(ex.body(), "password", true));
        ex.send(201, admin);
    }

    private static boolean isLocal(Exchange ex) {
        if (ex.request.getHeader("X-Forwarded-For") != null || ex.request.getHeader("Forwarded") != null) {
            return false; // behind a proxy every caller looks local
        }
        try {
            return InetAddress.getByName(ex.request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void createUser(Exchange ex) throws IOException {
        Map<String, Object> b = ex.body();
        NewUser u = new NewUser(text(b, "userName", true), text(b, "displayName", true), text(b, "email", false),
                text(b, "password", true), names(b, "roles"), names(b, "teamIds"));
        ex.send(201, users.createUser(ex.actor, u));
    }

    private void updateUser(Exchange ex) throws IOException {
        Map<String, Object> b = ex.body();
        Object active = b.get("active");
        if (active != null && !(active instanceof Boolean)) {
            throw new ValidationException("active", "type", "must be true or false");
        }
        ex.send(200, users.updateUser(ex.actor, ex.param("id"), text(b, "displayName", false), text(b, "email", false),
                (Boolean) active, b.containsKey("roles") ? names(b, "roles") : null, b.containsKey("teamIds") ? names(b, "teamIds") : null));
    }

    private void setPassword(Exchange ex) {
        users.setPassword(ex.actor, ex.param("id"), text(ex.body(), "password", true));
        ex.noContent();
    }

    private static String text(Map<String, Object> body, String key, boolean required) {
        Object v = body.get(key);
        if (v == null && !required) {
            return null;
        }
        if (v instanceof String s && (!required || !s.isEmpty())) {
            return s;
        }
        throw new ValidationException(key, v == null ? "required" : "type", v == null ? "is required" : "must be text");
    }

    private static Set<String> names(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (v == null) {
            return Set.of();
        }
        if (v instanceof List<?> l && l.stream().allMatch(x -> x instanceof String)) {
            Set<String> result = new HashSet<>();
            l.forEach(x -> result.add((String) x));
            return result;
        }
        throw new ValidationException(List.of(new FieldError(key, "type", "must be a list of texts")));
    }

}
