package org.rapportcrm.platform.capabilities.internal.rest;

import java.io.IOException;
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
    public void handle(RestExchange ex) throws IOException {
        List<String> segments = ex.pathSegments();
        if (segments.isEmpty() || !segments.get(0).equals(COLLECTION) || segments.size() > 2) {
            throw RestException.notFound("No admin endpoint at /api/v1/admin/" + String.join("/", segments));
        }
        if (!ex.actor().isAdmin()) {
            throw new AccessDeniedException("Only administrators may manage capabilities");
        }
        String method = ex.method();
        try {
            if (segments.size() == 1) {
                if (!method.equals("GET")) {
                    throw new RestException(405, null, method + " is not supported on the collection; use GET");
                }
                ex.send(200, Map.of("items", capabilities.list().stream().map(Capability::toMap).toList()));
                return;
            }
            String name = segments.get(1);
            switch (method) {
                case "GET" -> ex.send(200, capabilities.get(name).toMap());
                case "POST" -> {
                    CapabilityManager.InstallResult result = capabilities.install(name);
                    ex.send(result.outcome() == CapabilityManager.Outcome.INSTALLED ? 201 : 200, result.capability().toMap());
                }
                case "DELETE" -> {
                    capabilities.uninstall(name);
                    ex.send(204, null);
                }
                default -> throw new RestException(405, null, method + " is not supported here; use GET, POST or DELETE");
            }
        } catch (CapabilityException e) {
            throw switch (e.kind()) {
                case UNKNOWN -> RestException.notFound(e.getMessage());
                case NOT_A_CAPABILITY -> RestException.badRequest("name", e.getMessage());
                // Karaf could not do it (resolution, download or start failure); the detail says why, the log has the trace.
                case FAILED -> new RestException(409, null, e.getMessage());
            };
        }
    }
}
