package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestRoute;
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

    private static final JsonSchema ID = JsonSchema.string().maxLength(36);
    private static final JsonSchema PASSWORD = JsonSchema.string().minLength(1).maxLength(200);
    private static final JsonSchema NAMES = JsonSchema.array(JsonSchema.string().maxLength(100)).maxItems(100);

    List<RestRoute> routes() {
        JsonSchema user = JsonSchema.ref(Schemas.USER);
        return List.of(
                RestRoute.post("session").publicAccess().summary("Sign in: opens a session (cookie) for the console")
                        .requestBody(JsonSchema.object().property("userName", JsonSchema.string().minLength(1).maxLength(100))
                                .property("password", PASSWORD).required("userName", "password"))
                        .response(200, "Signed in; the session cookie is set", JsonSchema.ref(Schemas.SESSION))
                        .problem(401, "Wrong user name or password")
                        .handler(ex -> signIn((Exchange) ex)),
                RestRoute.get("session").publicAccess().summary("The signed-in user of the session cookie")
                        .response(200, "The session, or {\"signedIn\": false} without one (not an error: the console asks on every load)",
                                JsonSchema.ref(Schemas.SESSION))
                        .handler(ex -> currentSession((Exchange) ex)),
                RestRoute.delete("session").publicAccess().summary("Sign out")
                        .response(204, "Signed out; the session cookie is cleared")
                        .handler(ex -> signOut((Exchange) ex)),
                RestRoute.get("setup").publicAccess().summary("Whether Rapport has its first administrator")
                        .response(200, "Set up or not", JsonSchema.object().openProperties().property("setUp", JsonSchema.bool()).required("setUp"))
                        .handler(ex -> ex.send(200, Map.of("setUp", users.isSetUp()))),
                RestRoute.post("setup").publicAccess().summary("Set the first administrator's password (from the machine Rapport runs on)")
                        .requestBody(JsonSchema.object().property("password", PASSWORD).required("password"))
                        .response(201, "The administrator", user)
                        .handler(ex -> setUp((Exchange) ex)),
                RestRoute.get("users").summary("Every user")
                        .response(200, "Users by user name", Schemas.items(user))
                        .handler(ex -> ex.send(200, Map.of("items", users.users(ex.actor())))),
                RestRoute.post("users").summary("Create a user (administrators)")
                        .requestBody(JsonSchema.object().property("userName", JsonSchema.string().minLength(1).maxLength(100))
                                .property("displayName", JsonSchema.string().minLength(1).maxLength(200)).property("email", JsonSchema.string().maxLength(254).nullable())
                                .property("password", PASSWORD).property("roles", NAMES).property("teamIds", NAMES)
                                .property("accountId", ID.nullable().description("makes an external principal (a portal user) of this account"))
                                .property("contactId", ID.nullable().description("the contact of that account the external principal is"))
                                .required("userName", "displayName", "password", "roles"))
                        .response(201, "The new user", user)
                        .handler(ex -> createUser((Exchange) ex)),
                RestRoute.get("users/{id}").summary("A user")
                        .pathParameter("id", ID, "id of the user")
                        .response(200, "The user", user)
                        .handler(ex -> ex.send(200, users.user(ex.actor(), ex.pathParameter("id"))
                                .orElseThrow(() -> ApiException.notFound("No user " + ex.pathParameter("id"))))),
                RestRoute.patch("users/{id}").summary("Change a user's profile, roles, teams or status (administrators)")
                        .pathParameter("id", ID, "id of the user")
                        .requestBody(JsonSchema.object().property("displayName", JsonSchema.string().maxLength(200))
                                .property("email", JsonSchema.string().maxLength(254).nullable()).property("active", JsonSchema.bool())
                                .property("roles", NAMES).property("teamIds", NAMES))
                        .response(200, "The changed user", user)
                        .handler(ex -> updateUser((Exchange) ex)),
                RestRoute.post("users/{id}/password").summary("Change your password, or reset another user's (administrators)")
                        .description("Your own needs currentPassword; every other session of yours ends and your API tokens are revoked. "
                                + "An administrator's reset ends all of that user's sessions and tokens.")
                        .pathParameter("id", ID, "id of the user")
                        .requestBody(JsonSchema.object().property("password", PASSWORD)
                                .property("currentPassword", PASSWORD.description("required to change your own password")).required("password"))
                        .response(204, "The password is changed")
                        .handler(ex -> setPassword((Exchange) ex)),
                RestRoute.get("teams").summary("Every team with its members")
                        .response(200, "Teams", Schemas.items(JsonSchema.ref(Schemas.TEAM)))
                        .handler(ex -> ex.send(200, Map.of("items", users.teams(ex.actor())))),
                RestRoute.post("teams").summary("Create a team (administrators)")
                        .requestBody(JsonSchema.object().property("name", JsonSchema.string().minLength(1).maxLength(100)).required("name"))
                        .response(201, "The new team", JsonSchema.ref(Schemas.TEAM))
                        .handler(ex -> ex.send(201, users.createTeam(ex.actor(), text(ex.body(), "name", true)))),
                RestRoute.get("tokens").summary("Your API tokens (not their secrets)")
                        .response(200, "Tokens", Schemas.items(JsonSchema.ref(Schemas.API_TOKEN)))
                        .handler(ex -> ex.send(200, Map.of("items", users.apiTokens(ex.actor())))),
                RestRoute.post("tokens").summary("Create an API token; its secret is shown only now")
                        .requestBody(JsonSchema.object().property("name", JsonSchema.string().minLength(1).maxLength(100)).required("name"))
                        .response(201, "The token, to send as Authorization: Bearer <token>", JsonSchema.object().openProperties()
                                .property("token", JsonSchema.string()).required("token"))
                        .handler(ex -> ex.send(201, Map.of("token", users.createApiToken(ex.actor(), text(ex.body(), "name", true))))),
                RestRoute.delete("tokens/{id}").summary("Revoke an API token")
                        .pathParameter("id", ID, "id of the token")
                        .response(204, "Revoked")
                        .handler(ex -> {
                            users.revokeApiToken(ex.actor(), ex.pathParameter("id"));
                            ex.noContent();
                        }));
    }

    private void signIn(Exchange ex) throws IOException {
        Map<String, Object> body = ex.body();
        String userName = text(body, "userName", true);
        String password = text(body, "password", true);
        Actor actor = users.authenticate(userName, password, ex.request.getRemoteAddr())
                .orElseThrow(() -> ApiException.unauthorized("Wrong user name or password"));
        Session session = users.openSession(actor);
        String secure = ex.request.isSecure() ? "; Secure" : "";
        ex.response.addHeader("Set-Cookie", Authenticator.SESSION_COOKIE + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict" + secure);
        ex.send(200, sessionBody(session, actor));
    }

    /**
     * The browser's session, if it has one. Not signed in is an answer here, not an error ({@code signedIn: false}):
     * the console asks on every page load, and a 401 would be logged as a failed request each time.
     */
    private void currentSession(Exchange ex) throws IOException {
        Optional<Session> session = authenticator.session(ex.request);
        if (session.isEmpty()) {
            ex.send(200, Map.of("signedIn", false));
            return;
        }
        ex.send(200, sessionBody(session.get(), session.get().actor()));
    }

    private void signOut(Exchange ex) {
        authenticator.session(ex.request).ifPresent(s -> users.closeSession(s.id()));
        ex.response.addHeader("Set-Cookie", Authenticator.SESSION_COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        ex.noContent();
    }

    private Map<String, Object> sessionBody(Session session, Actor actor) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("signedIn", true);
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
                text(b, "password", true), names(b, "roles"), names(b, "teamIds"), text(b, "accountId", false),
                text(b, "contactId", false));
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

    /** Your own password needs the current one and keeps only this session; an administrator resets another's. */
    private void setPassword(Exchange ex) {
        Map<String, Object> body = ex.body();
        String password = text(body, "password", true);
        if (ex.param("id").equals(ex.actor.userId())) {
            String keep = authenticator.session(ex.request).map(Session::id).orElse(null);
            users.changePassword(ex.actor, text(body, "currentPassword", true), password, keep);
        } else {
            users.setPassword(ex.actor, ex.param("id"), password);
        }
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
