package org.rapportcrm.platform.capabilities.internal.rest;

import java.util.function.Supplier;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestRoute;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.capabilities.internal.Capability;
import org.rapportcrm.platform.capabilities.internal.CapabilityException;
import org.rapportcrm.platform.capabilities.internal.CapabilityManager;

/**
 * {@code /api/v1/admin/capabilities[/{name}]} for administrators: GET lists or shows, POST installs or upgrades
 * (201 when newly installed, 200 otherwise), DELETE uninstalls (204). HTTP in, {@link CapabilityManager} calls, HTTP out.
 */
@Component(service = RestResource.class)
public class CapabilitiesResource implements RestResource {
    private static final String COLLECTION = "capabilities";
    private final CapabilityManager capabilities;

    @Activate
    public CapabilitiesResource(@Reference CapabilityManager capabilities) {
        this.capabilities = capabilities;
    }

    @Override
    public String path() {
        return "admin";
    }

    @Override
    public List<RestRoute> routes() {
        JsonSchema name = JsonSchema.string().pattern("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
                .description("the capability's feature name, such as rapport-sales (other features are refused with 400)");
        JsonSchema capability = JsonSchema.object().openProperties()
                .property("name", JsonSchema.string()).property("version", JsonSchema.string().nullable())
                .property("latestVersion", JsonSchema.string().nullable()).property("upgradable", JsonSchema.bool())
                .property("description", JsonSchema.string().nullable()).property("installed", JsonSchema.bool())
                .property("state", JsonSchema.string().nullable())
                .property("bundles", JsonSchema.array(JsonSchema.object().openProperties().property("id", JsonSchema.integer())
                        .property("symbolicName", JsonSchema.string()).property("version", JsonSchema.string())
                        .property("state", JsonSchema.string())))
                .required("name", "installed");
        JsonSchema problem = JsonSchema.ref("Problem");
        return List.of(
                RestRoute.get(COLLECTION).summary("Every capability, installed or not (administrators)")
                        .response(200, "Capabilities by name", JsonSchema.object().openProperties()
                                .property("items", JsonSchema.array(capability)).required("items"))
                        .handler(ex -> ex.send(200, Map.of("items", admin(ex).list().stream().map(Capability::toMap).toList()))),
                RestRoute.get(COLLECTION + "/{name}").summary("A capability (administrators)")
                        .pathParameter("name", name, "the capability")
                        .response(200, "The capability", capability)
                        .handler(ex -> ex.send(200, managed(() -> admin(ex).get(ex.pathParameter("name")).toMap()))),
                RestRoute.post(COLLECTION + "/{name}").summary("Install a capability, or upgrade it to the newest version (administrators)")
                        .pathParameter("name", name, "the capability")
                        .response(201, "Installed", capability)
                        .response(200, "Upgraded, or already at the newest version", capability)
                        .response(409, "Karaf could not install it (the detail says why)", problem)
                        .handler(ex -> {
                            CapabilityManager.InstallResult result = managed(() -> admin(ex).install(ex.pathParameter("name")));
                            ex.send(result.outcome() == CapabilityManager.Outcome.INSTALLED ? 201 : 200, result.capability().toMap());
                        }),
                RestRoute.delete(COLLECTION + "/{name}").summary("Uninstall a capability; its data and settings stay (administrators)")
                        .pathParameter("name", name, "the capability")
                        .response(204, "Uninstalled")
                        .response(409, "Karaf could not uninstall it (the detail says why)", problem)
                        .handler(ex -> {
                            managed(() -> {
                                admin(ex).uninstall(ex.pathParameter("name"));
                                return null;
                            });
                            ex.noContent();
                        }));
    }

    private CapabilityManager admin(RestExchange ex) {
        if (!ex.actor().isAdmin()) {
            throw new AccessDeniedException("Only administrators may manage capabilities");
        }
        return capabilities;
    }

    /** The manager's refusals as HTTP: unknown 404, not a capability 400, Karaf's failure 409 with its reason. */
    private static <T> T managed(Supplier<T> call) {
        try {
            return call.get();
        } catch (CapabilityException e) {
            throw switch (e.kind()) {
                case UNKNOWN -> RestException.notFound(e.getMessage());
                case NOT_A_CAPABILITY -> RestException.badRequest("name", e.getMessage());
                case FAILED -> new RestException(409, null, e.getMessage());
            };
        }
    }
}
