package org.rapportcrm.platform.capabilities.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.platform.api.rest.RestResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the whiteboard services a capability's bundles registered, by registering bundle. Asks the registry on each
 * call instead of tracking: the listing is rare and must reflect the moment. Only services of the API package this
 * bundle is wired to are seen; a provider that throws is logged and skipped so one bad capability cannot break the list.
 */
final class ContributionFinder {
    private static final Logger LOG = LoggerFactory.getLogger(ContributionFinder.class);
    private final BundleContext context;

    ContributionFinder(BundleContext context) {
        this.context = context;
    }

    Capability.Contributions of(Collection<Bundle> bundles) {
        Set<Long> ids = new HashSet<>();
        bundles.forEach(b -> ids.add(b.getBundleId()));
        if (ids.isEmpty()) {
            return Capability.Contributions.NONE;
        }
        return new Capability.Contributions(
                collect(RecordTypeProvider.class, ids, p -> p.recordTypes().stream().map(RecordType::getApiName).toList()),
                collect(RestResource.class, ids, r -> List.of("/api/v1/" + r.path())),
                collect(ConsoleContribution.class, ids, c -> List.of(c.id())));
    }

    private <S> List<String> collect(Class<S> type, Set<Long> bundleIds, Function<S, List<String>> names) {
        Set<String> found = new TreeSet<>();
        Collection<ServiceReference<S>> refs;
        try {
            refs = context.getServiceReferences(type, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // no filter given: cannot happen
        }
        for (ServiceReference<S> ref : refs) {
            Bundle owner = ref.getBundle();
            if (owner == null || !bundleIds.contains(owner.getBundleId())) {
                continue;
            }
            S service = context.getService(ref);
            if (service == null) {
                continue; // unregistered meanwhile
            }
            try {
                found.addAll(names.apply(service));
            } catch (RuntimeException e) {
                LOG.warn("{} of bundle {} failed to describe itself: {}", type.getSimpleName(), owner.getSymbolicName(), e.toString());
            } finally {
                context.ungetService(ref);
            }
        }
        return new ArrayList<>(found);
    }
}
