package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.FieldGrant;
import org.rapportcrm.platform.api.security.Grant;
import org.rapportcrm.platform.api.security.Permission;
import org.rapportcrm.platform.api.security.RoleDefinition;
import org.rapportcrm.platform.api.security.RoleService;

/**
 * Roles as administrators edit them ({@code /roles}, with the role's version as its ETag), and what the signed-in user
 * may do ({@code /access}), which the console uses to offer only what will be allowed. Bodies are checked against the
 * schemas declared here before a handler runs, so the handlers only turn JSON into roles.
 */
final class RoleResource {
    static final JsonSchema NAME = JsonSchema.string().pattern("^[a-z][a-z0-9-]{1,49}$").description("lower-case letters, digits and -");
    private static final JsonSchema SCOPE = JsonSchema.string().enumValues(Arrays.stream(AccessScope.values()).map(Enum::name).toList());
    private static final JsonSchema GRANT = JsonSchema.object()
            .property("recordType", JsonSchema.string().maxLength(64).description("a record type, or * for every type without its own grant"))
            .property("read", SCOPE).property("create", JsonSchema.bool()).property("edit", SCOPE).property("delete", SCOPE)
            .required("recordType", "read", "create", "edit", "delete");
    private static final JsonSchema FIELD_GRANT = JsonSchema.object()
            .property("recordType", JsonSchema.string().maxLength(64)).property("field", JsonSchema.string().maxLength(64))
            .property("read", JsonSchema.bool().description("false hides the field: absent from reads, unknown to filters and sorts"))
            .property("edit", JsonSchema.bool().description("false makes it read-only: a change is refused with 403"))
            .required("recordType", "field", "read", "edit");
    private static final JsonSchema PERMISSIONS = JsonSchema.array(JsonSchema.string().enumValues(Permission.ALL.stream().sorted().toList()))
            .maxItems(Permission.ALL.size());

    private final RoleService roles;
    private final MetadataService metadata;

    RoleResource(RoleService roles, MetadataService metadata) {
        this.roles = roles;
        this.metadata = metadata;
    }

    /** What a role may be given, to create one ({@code required}: name and label) or change one (all optional). */
    private static JsonSchema roleInput(boolean creating) {
        JsonSchema s = JsonSchema.object();
        if (creating) {
            s = s.property("name", NAME);
        }
        s = s.property("label", JsonSchema.string().minLength(1).maxLength(200))
                .property("grants", JsonSchema.array(GRANT).maxItems(500))
                .property("fields", JsonSchema.array(FIELD_GRANT).maxItems(5000))
                .property("permissions", PERMISSIONS);
        if (!creating) {
            s = s.property("version", JsonSchema.integer().minimum(1).description("the version changed, if If-Match is not sent"));
        }
        return creating ? s.required("name", "label") : s;
    }

    List<RestRoute> routes() {
        JsonSchema role = JsonSchema.ref(Schemas.ROLE);
        return List.of(
                RestRoute.get("roles").summary("The roles and what they allow")
                        .response(200, "Roles by name", Schemas.items(role))
                        .handler(ex -> ex.send(200, Map.of("items", roles.roles(ex.actor())))),
                RestRoute.post("roles").summary("Create a role (administrators)")
                        .requestBody(roleInput(true))
                        .response(201, "The new role (its ETag in ETag)", role)
                        .handler(ex -> create((Exchange) ex)),
                RestRoute.get("roles/{name}").summary("A role")
                        .pathParameter("name", NAME, "name of the role")
                        .response(200, "The role (its ETag in ETag)", role)
                        .handler(ex -> sendRole((Exchange) ex, 200, role((Exchange) ex))),
                EntityTags.conditional(RestRoute.patch("roles/{name}").summary("Change a role (administrators; not admin)")
                        .description("Send what changes: label, grants, fields or permissions; what is left out stays. Applies at once to every user with the role.")
                        .pathParameter("name", NAME, "name of the role"), "the role", false)
                        .requestBody(roleInput(false))
                        .response(200, "The changed role", role)
                        .handler(ex -> update((Exchange) ex)),
                EntityTags.conditional(RestRoute.delete("roles/{name}").summary("Delete a custom role nobody has (administrators)")
                        .pathParameter("name", NAME, "name of the role"), "the role", true)
                        .response(204, "Deleted")
                        .handler(ex -> delete((Exchange) ex)),
                RestRoute.post("roles/{name}/reset").summary("Take a built-in role back to its defaults (administrators)")
                        .pathParameter("name", NAME, "name of the built-in role")
                        .response(200, "The role as the platform ships it", role)
                        .handler(ex -> sendRole((Exchange) ex, 200, roles.reset(ex.actor(), ex.pathParameter("name")))),
                RestRoute.get("access").summary("What you may do: your permissions and, per record type, scopes and restricted fields")
                        .response(200, "Your access", JsonSchema.object().openProperties()
                                .property("permissions", JsonSchema.array(JsonSchema.string()))
                                .property("types", JsonSchema.anyObject().description("by record type: read, create, edit, delete, hiddenFields, readOnlyFields"))
                                .required("permissions", "types"))
                        .handler(ex -> access((Exchange) ex)));
    }

    private RoleDefinition role(Exchange ex) {
        return roles.role(ex.actor, ex.pathParameter("name")).orElseThrow(() -> ApiException.notFound("No role '" + ex.pathParameter("name") + "'"));
    }

    private void create(Exchange ex) throws IOException {
        RoleDefinition created = roles.create(ex.actor, parse(ex.body(), null));
        ex.response.setHeader("Location", ex.request.getContextPath() + "/api/v1/roles/" + created.name());
        sendRole(ex, 201, created);
    }

    private void update(Exchange ex) throws IOException {
        Map<String, Object> body = ex.body();
        RoleDefinition current = role(ex);
        long version = RecordResource.expectedVersion(ex, body.get("version"), current::version);
        sendRole(ex, 200, roles.update(ex.actor, current.name(), version, parse(body, current)));
    }

    private void delete(Exchange ex) {
        RoleDefinition current = role(ex);
        roles.delete(ex.actor, current.name(), RecordResource.expectedVersion(ex, ex.query("version"), current::version));
        ex.noContent();
    }

    /** What the caller may do: their named permissions and, per record type, scopes and restricted fields. */
    private void access(Exchange ex) throws IOException {
        Map<String, Object> types = new LinkedHashMap<>();
        for (RecordType type : metadata.types()) {
            types.put(type.getApiName(), roles.access(ex.actor, type.getApiName()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("permissions", Permission.ALL.stream().filter(p -> roles.hasPermission(ex.actor, p)).sorted().toList());
        body.put("types", types);
        ex.send(200, body);
    }

    private static void sendRole(Exchange ex, int status, RoleDefinition role) throws IOException {
        ex.response.setHeader("ETag", EntityTags.of(role.version()));
        ex.send(status, role);
    }

    /** A role from its JSON, already checked against its schema; on a change, what is left out keeps its value. */
    @SuppressWarnings("unchecked")
    static RoleDefinition parse(Map<String, Object> body, RoleDefinition current) {
        List<Grant> grants = current == null ? List.of() : current.grants();
        if (body.get("grants") instanceof List<?> list) {
            grants = new ArrayList<>();
            for (Object item : list) {
                Map<String, Object> g = (Map<String, Object>) item;
                grants.add(new Grant((String) g.get("recordType"), AccessScope.valueOf((String) g.get("read")), Boolean.TRUE.equals(g.get("create")),
                        AccessScope.valueOf((String) g.get("edit")), AccessScope.valueOf((String) g.get("delete"))));
            }
        }
        List<FieldGrant> fields = current == null ? List.of() : current.fields();
        if (body.get("fields") instanceof List<?> list) {
            fields = new ArrayList<>();
            for (Object item : list) {
                Map<String, Object> f = (Map<String, Object>) item;
                fields.add(new FieldGrant((String) f.get("recordType"), (String) f.get("field"), Boolean.TRUE.equals(f.get("read")),
                        Boolean.TRUE.equals(f.get("edit"))));
            }
        }
        Set<String> permissions = current == null ? Set.of() : current.permissions();
        if (body.get("permissions") instanceof List<?> list) {
            permissions = new LinkedHashSet<>();
            for (Object p : list) {
                permissions.add((String) p);
            }
        }
        String name = current != null ? current.name() : (String) body.get("name");
        String label = body.get("label") instanceof String l ? l : current == null ? null : current.label();
        return new RoleDefinition(name, label, grants, fields, permissions, false, 0);
    }
}
