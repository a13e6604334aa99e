package org.rapportcrm.platform.capabilities.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One capability as the listing shows it: the installed version (or, if none, the newest available), its state, its
 * bundles and what they contribute. {@code latestVersion} is the newest version the repositories offer.
 */
public record Capability(String name, String version, String latestVersion, String description, boolean installed, String state,
        List<BundleView> bundles, Contributions contributes) {

    public record BundleView(long id, String symbolicName, String version, String state) {
    }

    public record Contributions(List<String> recordTypes, List<String> restResources, List<String> consoleContributions) {
        static final Contributions NONE = new Contributions(List.of(), List.of(), List.of());
    }

    public boolean upgradable() {
        return installed && latestVersion != null && Versions.isNewer(latestVersion, version);
    }

    /** Plain maps and lists, the shape the REST API sends (so the REST layer needs no JSON knowledge of this class). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("version", version);
        m.put("latestVersion", latestVersion);
        m.put("upgradable", upgradable());
        m.put("description", description);
        m.put("installed", installed);
        m.put("state", state);
        m.put("bundles", bundles.stream().map(b -> {
            Map<String, Object> bm = new LinkedHashMap<>();
            bm.put("id", b.id());
            bm.put("symbolicName", b.symbolicName());
            bm.put("version", b.version());
            bm.put("state", b.state());
            return bm;
        }).toList());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("recordTypes", contributes.recordTypes());
        c.put("restResources", contributes.restResources());
        c.put("consoleContributions", contributes.consoleContributions());
        m.put("contributes", c);
        return m;
    }
}
