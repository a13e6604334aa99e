package org.rapportcrm.platform.console.internal;

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
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;

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
    public List<RestRoute> routes() {
        JsonSchema contribution = JsonSchema.object().openProperties()
                .property("id", JsonSchema.string())
                .property("placement", JsonSchema.string().enumValues("NAVIGATION", "RECORD_PANEL", "DASHBOARD_WIDGET", "HEADER_ITEM"))
                .property("label", JsonSchema.string()).property("tagName", JsonSchema.string())
                .property("moduleUrl", JsonSchema.string().description("the ES module that defines the element"))
                .property("recordType", JsonSchema.string().nullable().description("record panels: the type whose pages show it, * for every type"))
                .property("order", JsonSchema.integer())
                .property("capability", JsonSchema.string().nullable().description("the capability of the contributing bundle"))
                .required("id", "placement", "label", "tagName", "moduleUrl", "order");
        return List.of(RestRoute.get(CONTRIBUTIONS).summary("Pages, record panels and dashboard widgets bundles add to the console")
                .response(200, "Contributions in display order", JsonSchema.object().openProperties()
                        .property("items", JsonSchema.array(contribution)).required("items"))
                .handler(ex -> ex.send(200, Map.of("items", list()))));
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
