package org.rapportcrm.collaboration.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Team;
import org.rapportcrm.platform.api.security.User;
import org.rapportcrm.platform.api.security.UserService;

/**
 * {@code GET /api/v1/mentions?q=ali}: users and teams whose name starts with (a word of) the text, for the @ in posts,
 * with the token to insert. Only the organisation's active users, as the caller may list them.
 */
@Component
public class MentionResource implements RestResource {
    private static final JsonSchema CANDIDATE = JsonSchema.object()
            .property("kind", JsonSchema.string().enumValues(Mentions.USER, Mentions.TEAM)).property("id", JsonSchema.string())
            .property("name", JsonSchema.string()).property("detail", JsonSchema.string().nullable())
            .property("token", JsonSchema.string().description("what to put in the text"))
            .required("kind", "id", "name", "token");

    private final UserService users;

    @Activate
    public MentionResource(@Reference UserService users) {
        this.users = users;
    }

    @Override
    public String path() {
        return "mentions";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.get("").summary("Users and teams to mention")
                .queryParameter("q", JsonSchema.string().maxLength(100), false, "the start of a name or user name")
                .queryParameter("limit", JsonSchema.integer().minimum(1).maximum(50), false, "at most (10)")
                .response(200, "Users, then teams, by name", JsonSchema.object().property("items", JsonSchema.array(CANDIDATE)).required("items"))
                .handler(this::candidates));
    }

    private void candidates(RestExchange ex) throws java.io.IOException {
        Actor actor = ex.actor();
        if (actor.isExternal()) {
            throw new AccessDeniedException("Mentions are for the organisation's users");
        }
        String q = ex.query("q") == null ? "" : ex.query("q").trim().toLowerCase(Locale.ROOT);
        int limit = ex.query("limit") == null ? 10 : Integer.parseInt(ex.query("limit"));
        List<Map<String, Object>> items = new ArrayList<>();
        for (User u : users.users(actor)) {
            if (items.size() >= limit) {
                break;
            }
            if (u.active() && u.accountId() == null && (matches(Directory.nameOf(u), q) || matches(u.userName(), q))) {
                items.add(candidate(Mentions.USER, u.id(), Directory.nameOf(u), u.userName()));
            }
        }
        for (Team t : users.teams(actor)) {
            if (items.size() >= limit) {
                break;
            }
            if (matches(t.name(), q)) {
                items.add(candidate(Mentions.TEAM, t.id(), t.name(), t.memberIds().size() + " members"));
            }
        }
        ex.send(200, Map.of("items", items));
    }

    /** The name or one of its words starts with the text. */
    static boolean matches(String name, String q) {
        if (q.isEmpty()) {
            return true;
        }
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (n.startsWith(q)) {
            return true;
        }
        for (String word : n.split("[\\s._-]+")) {
            if (word.startsWith(q)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> candidate(String kind, String id, String name, String detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("id", id);
        m.put("name", name);
        m.put("detail", detail);
        m.put("token", Mentions.token(kind, id, name));
        return m;
    }
}
