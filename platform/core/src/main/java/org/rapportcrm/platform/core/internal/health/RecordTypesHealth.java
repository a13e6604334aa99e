package org.rapportcrm.platform.core.internal.health;

import java.util.Set;
import java.util.TreeSet;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.health.HealthCheck;
import org.rapportcrm.platform.api.health.HealthStatus;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.platform.core.internal.metadata.MetadataRegistry;

/**
 * Every record type provider on the whiteboard has its types registered. A provider's service is visible as soon as
 * it is registered, and its component counts as satisfied, while the registry is still creating or updating its
 * tables (seconds after a restart): until it is done, its types and their endpoints would answer 404.
 */
@Component
public class RecordTypesHealth implements HealthCheck {
    private final MetadataRegistry registry;
    private final BundleContext context;

    @Activate
    public RecordTypesHealth(@Reference MetadataRegistry registry, BundleContext context) {
        this.registry = registry;
        this.context = context;
    }

    @Override
    public String name() {
        return "record types";
    }

    @Override
    public HealthStatus check() {
        Set<String> registering = new TreeSet<>();
        try {
            for (ServiceReference<RecordTypeProvider> provider : context.getServiceReferences(RecordTypeProvider.class, null)) {
                Bundle owner = provider.getBundle();
                if (owner != null && !registry.hasTakenIn((Long) provider.getProperty(Constants.SERVICE_ID))) {
                    registering.add(owner.getSymbolicName());
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // no filter given: cannot happen
        }
        return registering.isEmpty() ? HealthStatus.up(registry.types().size() + " registered")
                : HealthStatus.starting("registering the record types of " + String.join(", ", registering));
    }
}
