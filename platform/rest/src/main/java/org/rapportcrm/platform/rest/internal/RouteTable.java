package org.rapportcrm.platform.rest.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestHandler;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route of the API: the platform's own, those of contributed resources and record actions, and the generic
 * record routes of every type. Contributions come and go at runtime without disturbing requests in flight.
 */
final class RouteTable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);
    static final String PLATFORM = "org.rapportcrm.platform.rest";
    static final RestRoute.Parameter RECORD_ID = new RestRoute.Parameter("id", RestRoute.In.PATH, RecordResource.ID, true,
            "id of the record");

    /** A contribution with its routes, read once when it is registered (a resource's mounted at its path). */
    private record Contribution<T>(T service, String contributor, List<RestRoute> routes, List<Mounted> mounted) {
    }

    /** What a request path leads to. */
    record Lookup(Mounted route, Map<String, String> parameters, Set<String> allowedMethods, RestHandler legacy) {
        static Lookup legacy(RestHandler handler) {
            return new Lookup(null, Map.of(), Set.of(), handler);
        }
    }

    private final List<Mounted> platform;
    private final RecordResource records;
    private final MetadataService metadata;
    private final Map<String, Contribution<RestResource>> resources = new ConcurrentHashMap<>();
    /** Record actions by "type/name". */
    private final Map<String, Contribution<RecordAction>> actions = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    RouteTable(List<Mounted> platform, RecordResource records, MetadataService metadata) {
        this.platform = List.copyOf(platform);
        this.records = records;
        this.metadata = metadata;
    }

    void addResource(RestResource resource, String contributor) {
        List<RestRoute> declared = resource.routes();
        Contribution<RestResource> c = new Contribution<>(resource, contributor, declared,
                declared.stream().map(r -> Mounted.at(resource.path(), r, contributor)).toList());
        Contribution<RestResource> before = resources.putIfAbsent(resource.path(), c);
        if (before != null) {
            LOG.error("Two REST resources claim /api/v1/{}: {} ({}) and {} ({}); keeping the first", resource.path(),
                    before.service(), before.contributor(), resource, contributor);
        }
        version.incrementAndGet();
    }

    void removeResource(RestResource resource) {
        resources.computeIfPresent(resource.path(), (k, c) -> c.service() == resource ? null : c);
        version.incrementAndGet();
    }

    void addAction(RecordAction action, String contributor) {
        Contribution<RecordAction> c = new Contribution<>(action, contributor, action.routes(), List.of());
        Contribution<RecordAction> before = actions.putIfAbsent(action.recordType() + "/" + action.name(), c);
        if (before != null) {
            LOG.error("Two record actions claim {} {}: {} and {}; keeping the first", action.recordType(), action.name(),
                    before.service(), action);
        }
        version.incrementAndGet();
    }

    void removeAction(RecordAction action) {
        actions.computeIfPresent(action.recordType() + "/" + action.name(), (k, c) -> c.service() == action ? null : c);
        version.incrementAndGet();
    }

    /** Changes whenever a contribution comes or goes (record types are compared separately). */
    long version() {
        return version.get();
    }

    /**
     * The route for a method and path: the most specific route matching both, or, when only the path matches, the
     * methods that would ({@code allowedMethods}); a contributed resource or action that declares no routes is
     * served by its own {@code handle} ({@code legacy}).
     */
    Lookup find(String method, List<String> path) {
        List<Mounted> candidates = new ArrayList<>(platform);
        List<Mounted> actionCandidates = List.of();
        RecordType recordType = null;
        if (!path.isEmpty()) {
            Contribution<RestResource> resource = resources.get(path.get(0));
            if (resource != null) {
                if (resource.routes().isEmpty()) {
                    return Lookup.legacy(ex -> resource.service().handle(((Exchange) ex).withSegments(path.subList(1, path.size()))));
                }
                candidates.addAll(resource.mounted());
            }
            RecordType type = metadata.typeByPluralName(path.get(0)).orElse(null);
            if (type != null) {
                Contribution<RecordAction> action = path.size() >= 3 ? action(type, path.get(2)) : null;
                if (action != null && action.routes().isEmpty() && path.size() == 3) {
                    return Lookup.legacy(ex -> action.service().handle(ex, path.get(1)));
                }
                if (action != null) {
                    actionCandidates = actionRoutes(type, action);
                    candidates.addAll(actionCandidates);
                    recordType = type;
                }
                candidates.addAll(records.routes(type));
            } else if (path.get(0).equals("search")) {
                candidates.addAll(records.searchRoutes());
            }
        }
        Set<String> allowed = new LinkedHashSet<>();
        Mounted best = null;
        Map<String, String> bestParams = null;
        for (Mounted m : candidates) {
            Map<String, String> params = m.match(path);
            if (params == null) {
                continue;
            }
            if (!m.route().method().equals(method)) {
                allowed.add(m.route().method());
            } else if (best == null || m.specificity().compareTo(best.specificity()) < 0) {
                best = m;
                bestParams = params;
            }
        }
        if (best != null && actionCandidates.contains(best)) {
            bestParams.put(RecordAction.RECORD_TYPE_PARAMETER, recordType.getApiName());
        }
        return new Lookup(best, bestParams, allowed, null);
    }

    /** The type's own action of the name, else the one every type has. */
    private Contribution<RecordAction> action(RecordType type, String name) {
        Contribution<RecordAction> own = actions.get(type.getApiName() + "/" + name);
        return own != null ? own : actions.get(RecordAction.EVERY_TYPE + "/" + name);
    }

    private static List<Mounted> actionRoutes(RecordType type, Contribution<RecordAction> action) {
        String mountPoint = type.getPluralApiName() + "/{id}/" + action.service().name();
        return action.routes().stream().map(r -> Mounted.at(mountPoint, r, action.contributor(), List.of(RECORD_ID))).toList();
    }

    /** Every declared route, in the order a reader of the API expects: the platform's, records by type, contributions. */
    List<Mounted> all() {
        List<Mounted> all = new ArrayList<>(platform);
        all.addAll(records.searchRoutes());
        for (RecordType type : metadata.types()) {
            if (type.getKind() == RecordType.Kind.INTERNAL) {
                continue; // the platform's own bookkeeping: no generic endpoints
            }
            all.addAll(records.routes(type));
            actions.values().stream().map(a -> a.service().name()).distinct().sorted()
                    .map(name -> action(type, name)).filter(a -> a != null)
                    .forEach(a -> all.addAll(actionRoutes(type, a)));
        }
        resources.values().stream().sorted(Comparator.comparing(c -> c.service().path()))
                .forEach(c -> all.addAll(c.mounted()));
        return all;
    }
}
