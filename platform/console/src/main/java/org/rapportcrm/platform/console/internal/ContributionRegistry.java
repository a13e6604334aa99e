package org.rapportcrm.platform.console.internal;

import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestResource;

/**
 * The console contributions of the installed bundles, at {@code GET /api/v1/console/contributions} for any signed-in
 * user: each with its placement, element and module, and the capability its bundle names
 * ({@value RecordType#CAPABILITY_HEADER}), so the shell can group pages with their capability's record types. A
 * contribution appears when its bundle starts and goes when it stops.
 */
@Component(service = RestResource.class)
public class ContributionRegistry implements RestResource {
    private static final String CONTRIBUTIONS = "contributions";

    private record Entry(ConsoleContribution contribution, String capability) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addContribution(ConsoleContribution contribution) {
        Bundle bundle = FrameworkUtil.getBundle(contribution.getClass());
        add(contribution, bundle == null ? null : bundle.getHeaders().get(RecordType.CAPABILITY_HEADER));
    }

    void add(ConsoleContribution contribution, String capability) {
        entries.add(new Entry(contribution, capability));
    }

    void removeContribution(ConsoleContribution contribution) {
        entries.removeIf(e -> e.contribution() == contribution);
    }

    @Override
    public String path() {
        return "console";
    }

    @Override
    public void handle(RestExchange ex) throws IOException {
        if (!ex.pathSegments().equals(List.of(CONTRIBUTIONS))) {
            throw RestException.notFound("No console endpoint at /api/v1/console/" + String.join("/", ex.pathSegments()));
        }
        if (!ex.method().equals("GET")) {
            ex.setHeader("Allow", "GET");
            throw new RestException(405, null, ex.method() + " is not supported here; use GET");
        }
        ex.send(200, Map.of("items", list()));
    }

    /** Lower order first, then by id; in the JSON shape the shell reads. */
    List<Map<String, Object>> list() {
        return entries.stream()
                .sorted(Comparator.comparingInt((Entry e) -> e.contribution().order()).thenComparing(e -> e.contribution().id()))
                .map(ContributionRegistry::toMap)
                .toList();
    }

    private static Map<String, Object> toMap(Entry entry) {
        ConsoleContribution c = entry.contribution();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("placement", c.placement().name());
        m.put("label", c.label());
        m.put("tagName", c.tagName());
        m.put("moduleUrl", c.moduleUrl());
        m.put("recordType", c.recordType());
        m.put("order", c.order());
        m.put("capability", entry.capability());
        return m;
    }
}
